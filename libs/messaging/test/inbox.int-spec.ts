import { createTestDatabase, testInfra, uniqueSuffix, type TestDatabase } from '@omni/testing';
import { createBatchConsumer, type BatchConsumer } from '../src/consumer/batch-consumer';
import { decodeJson } from '../src/consumer/event-decoding';
import { KafkaProducer } from '../src/producer/kafka-producer';
import { createTopics, deleteTopics } from '../src/topics/topic-admin';
import { MessagingTestTables1700000000000 } from './support/messaging-test.migration';
import {
  applyAmount,
  committedCount,
  waitUntil,
  type AmountEvent,
} from './support/messaging-test-kit';

describe('the inbox', () => {
  const { brokers } = testInfra();
  const service = `msg-inbox-${uniqueSuffix()}`;
  const topic = `${service}.events.v1`;
  const groupId = `${service}.group`;
  let db: TestDatabase;
  let producer: KafkaProducer;
  let consumer: BatchConsumer;
  let deliveries = 0;

  beforeAll(async () => {
    db = await createTestDatabase({
      service: 'msg',
      migrations: [MessagingTestTables1700000000000],
    });
    await createTopics(brokers, [{ name: topic, partitions: 2 }]);
    producer = new KafkaProducer({ brokers, clientId: service });
    consumer = createBatchConsumer<AmountEvent>({
      service,
      brokers,
      groupId,
      topics: [topic],
      dataSource: db.dataSource,
      producer,
      decode: (raw) => {
        deliveries += 1;
        return decodeJson(raw) as AmountEvent;
      },
      handle: (event, tx) => applyAmount(event, tx, groupId),
    });
    await consumer.start();
  });

  afterAll(async () => {
    await consumer.stop();
    await producer.disconnect();
    await deleteTopics(brokers, [topic]);
    await db.drop();
  });

  const effectsOf = async (eventId: string) =>
    Number(
      (
        await db.dataSource.query(`SELECT count(*) AS n FROM effects WHERE event_id = $1`, [
          eventId,
        ])
      )[0].n,
    );

  it('delivering the same event twice in one batch produces one effect', async () => {
    const event = { eventId: 'same-batch', account: 'acc-1', amount: 5 };
    await producer.send(topic, [
      { key: 'acc-1', value: event },
      { key: 'acc-1', value: event },
    ]);
    await waitUntil(
      async () => (await committedCount(brokers, groupId, topic)) === 2,
      30_000,
      'both copies are consumed',
    );
    expect(deliveries).toBe(2);
    expect(await effectsOf('same-batch')).toBe(1);
    expect(await db.dataSource.query(`SELECT total FROM balances WHERE account = 'acc-1'`)).toEqual(
      [{ total: '5' }],
    );
  });

  it('a redelivery that arrives later changes nothing', async () => {
    const event = { eventId: 'later', account: 'acc-2', amount: 7 };
    await producer.send(topic, [{ key: 'acc-2', value: event }]);
    await waitUntil(
      async () => (await committedCount(brokers, groupId, topic)) === 3,
      30_000,
      'the first copy is consumed',
    );
    await producer.send(topic, [
      { key: 'acc-2', value: event },
      { key: 'acc-2', value: { eventId: 'after', account: 'acc-2', amount: 1 } },
    ]);
    await waitUntil(
      async () => (await committedCount(brokers, groupId, topic)) === 5,
      30_000,
      'the redelivery is consumed',
    );
    expect(await effectsOf('later')).toBe(1);
    expect(await effectsOf('after')).toBe(1);
    expect(await db.dataSource.query(`SELECT total FROM balances WHERE account = 'acc-2'`)).toEqual(
      [{ total: '8' }],
    );
    const inbox = await db.dataSource.query(
      `SELECT event_id FROM inbox WHERE consumer_group = $1 ORDER BY event_id`,
      [groupId],
    );
    expect(inbox.map((r: { event_id: string }) => r.event_id)).toEqual([
      'after',
      'later',
      'same-batch',
    ]);
  });
});
