import { createTestDatabase, testInfra, uniqueSuffix, type TestDatabase } from '@omni/testing';
import { createBatchConsumer, type BatchConsumer } from '../src/consumer/batch-consumer';
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

describe('dead-lettering a message close to the size limit', () => {
  const { brokers } = testInfra();
  const service = `msg-dlt-size-${uniqueSuffix()}`;
  const topic = `${service}.events.v1`;
  const dlt = deadLetterTopicFor(service);
  const groupId = `${service}.group`;
  // The dead-letter producer's limit: a consumed message just under it no longer fits once
  // the dead-letter headers are added.
  const limit = 65_536;
  let db: TestDatabase;
  let producer: KafkaProducer;
  let deadLetterProducer: KafkaProducer;
  let consumer: BatchConsumer;

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
    deadLetterProducer = new KafkaProducer({ brokers, clientId: service, maxMessageBytes: limit });
    consumer = createBatchConsumer<AmountEvent>({
      service,
      brokers,
      groupId,
      topics: [topic],
      dataSource: db.dataSource,
      producer: deadLetterProducer,
      maxAttempts: 1,
      initialBackoffMs: 1,
      maxBackoffMs: 5,
      handle: (event, tx) => applyAmount(event, tx, groupId),
    });
    await consumer.start();
  });

  afterAll(async () => {
    await consumer.stop();
    await producer.disconnect();
    await deadLetterProducer.disconnect();
    await deleteTopics(brokers, [topic, dlt]);
    await db.drop();
  });

  it('goes to the dead-letter topic as its first bytes with its size and hash, kept whole in dead_letters, and the partition moves on', async () => {
    const poison = `not json ${'x'.repeat(limit - 300)}`;
    await producer.send(topic, [
      { key: 'k', value: poison },
      { key: 'k', value: { eventId: 'after', account: 'ok', amount: 2 } },
    ]);
    await waitUntil(
      async () => (await committedCount(brokers, groupId, topic)) === 2,
      30_000,
      'the poison and the event behind it are consumed',
    );
    const effects = await db.dataSource.query(`SELECT event_id FROM effects`);
    expect(effects).toEqual([{ event_id: 'after' }]);

    const reader = await createTopicReader({ brokers, topic: dlt, fromBeginning: true });
    const [letter] = await reader.waitForCount(1);
    await reader.close();
    expect(letter.value?.length).toBe(16 * 1_024);
    expect(letter.headers).toMatchObject({
      'omni-dlt-original-offset': '0',
      'omni-dlt-value-bytes': String(Buffer.byteLength(poison)),
    });
    expect(letter.headers['omni-dlt-value-hash']).toMatch(/^sha256:[0-9a-f]{64}$/);
    const [stored] = await db.dataSource.query(
      `SELECT length(value) AS bytes FROM dead_letters WHERE "offset" = '0'`,
    );
    expect(stored.bytes).toBe(Buffer.byteLength(poison));
  });
});
