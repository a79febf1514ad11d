import { createTestDatabase, testInfra, uniqueSuffix, type TestDatabase } from '@omni/testing';
import { createBatchConsumer, type BatchConsumer } from '../src/consumer/batch-consumer';
import { UndecodableMessageError } from '../src/consumer/event-decoding';
import { deadLetterTopicFor } from '../src/messaging-headers';
import { KafkaProducer } from '../src/producer/kafka-producer';
import { createTopics, deleteTopics } from '../src/topics/topic-admin';
import { createTopicReader } from '../src/topics/topic-reader';
import { MessagingTestTables1700000000000 } from './support/messaging-test.migration';
import {
  applyAmount,
  committedCount,
  waitUntil,
  type AmountEvent,
} from './support/messaging-test-kit';

describe('poison messages', () => {
  const { brokers } = testInfra();
  const service = `msg-poison-${uniqueSuffix()}`;
  const topic = `${service}.events.v1`;
  const dlt = deadLetterTopicFor(service);
  const groupId = `${service}.group`;
  const maxAttempts = 3;
  let db: TestDatabase;
  let producer: KafkaProducer;
  let consumer: BatchConsumer;
  const handlerCalls = new Map<string, number>();

  beforeAll(async () => {
    db = await createTestDatabase({
      service: 'msg',
      migrations: [MessagingTestTables1700000000000],
    });
    await createTopics(brokers, [
      { name: topic, partitions: 1 },
      { name: dlt, partitions: 1 },
    ]);
    producer = new KafkaProducer({ brokers, clientId: service });
    consumer = createBatchConsumer<AmountEvent>({
      service,
      brokers,
      groupId,
      topics: [topic],
      dataSource: db.dataSource,
      maxAttempts,
      initialBackoffMs: 1,
      maxBackoffMs: 5,
      handle: async (event, tx) => {
        handlerCalls.set(event.eventId, (handlerCalls.get(event.eventId) ?? 0) + 1);
        if (event.value.account === 'cursed') throw new Error('this account cannot be processed');
        if (event.value.account === 'invalid')
          throw new UndecodableMessageError('payload breaks the contract');
        await applyAmount(event, tx, groupId);
      },
    });
    await consumer.start();
  });

  afterAll(async () => {
    await consumer.stop();
    await producer.disconnect();
    await deleteTopics(brokers, [topic, dlt]);
    await db.drop();
  });

  it('undecodable and always-failing messages land in the DLT and dead_letters, and later messages still flow', async () => {
    await producer.send(topic, [
      { key: 'k', value: { eventId: 'before', account: 'ok', amount: 1 } },
      { key: 'k', value: '{"eventId": "broken', headers: { 'x-origin': 'connector-7' } },
      { key: 'k', value: { eventId: 'cursed-1', account: 'cursed', amount: 1 } },
      { key: 'k', value: { eventId: 'after', account: 'ok', amount: 2 } },
    ]);
    await waitUntil(
      async () => (await committedCount(brokers, groupId, topic)) === 4,
      30_000,
      'all four are consumed',
    );

    const effects = await db.dataSource.query(`SELECT event_id FROM effects ORDER BY id`);
    expect(effects.map((r: { event_id: string }) => r.event_id)).toEqual(['before', 'after']);

    const reader = await createTopicReader({ brokers, topic: dlt, fromBeginning: true });
    const [undecodable, failing] = await reader.waitForCount(2);
    await reader.close();
    expect(undecodable.value?.toString()).toBe('{"eventId": "broken');
    expect(undecodable.key).toBe('k');
    expect(undecodable.headers).toMatchObject({
      'x-origin': 'connector-7',
      'omni-dlt-original-topic': topic,
      'omni-dlt-original-partition': '0',
      'omni-dlt-original-offset': '1',
      'omni-dlt-attempts': '1',
      'omni-dlt-consumer-group': groupId,
    });
    expect(undecodable.headers['omni-dlt-error']).toMatch(/not valid JSON/);
    expect(failing.headers).toMatchObject({
      'omni-dlt-original-topic': topic,
      'omni-dlt-original-offset': '2',
      'omni-dlt-attempts': String(maxAttempts),
      'omni-dlt-error': 'this account cannot be processed',
    });
    expect(JSON.parse(failing.value?.toString() ?? '')).toEqual({
      eventId: 'cursed-1',
      account: 'cursed',
      amount: 1,
    });

    // Bounded: once in the failed batch transaction, then maxAttempts on its own.
    expect(handlerCalls.get('cursed-1')).toBe(maxAttempts + 1);

    const rows = await db.dataSource.query(
      `SELECT topic, partition, "offset", key, convert_from(value, 'UTF8') AS value, headers, error, attempts, consumer_group
       FROM dead_letters ORDER BY "offset"`,
    );
    expect(rows).toEqual([
      expect.objectContaining({
        topic,
        partition: 0,
        offset: '1',
        key: 'k',
        value: '{"eventId": "broken',
        attempts: 1,
        consumer_group: groupId,
      }),
      expect.objectContaining({
        topic,
        partition: 0,
        offset: '2',
        key: 'k',
        error: 'this account cannot be processed',
        attempts: maxAttempts,
      }),
    ]);
    expect(rows[0].headers).toMatchObject({ 'x-origin': 'connector-7' });
  });

  it('an event the handler rejects as invalid is dead-lettered at once, without retries', async () => {
    await producer.send(topic, [
      { key: 'k', value: { eventId: 'invalid-1', account: 'invalid', amount: 1 } },
    ]);
    await waitUntil(
      async () => (await committedCount(brokers, groupId, topic)) === 5,
      30_000,
      'the invalid event is consumed',
    );
    const reader = await createTopicReader({ brokers, topic: dlt, fromBeginning: true });
    const rejected = await reader.waitFor((m) => m.headers['omni-dlt-original-offset'] === '4');
    await reader.close();
    expect(rejected.headers).toMatchObject({
      'omni-dlt-attempts': '1',
      'omni-dlt-error': 'payload breaks the contract',
    });
    // Once in the batch transaction, once on its own.
    expect(handlerCalls.get('invalid-1')).toBe(2);
  });
});
