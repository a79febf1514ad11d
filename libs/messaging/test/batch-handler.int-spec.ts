import { createTestDatabase, testInfra, uniqueSuffix, type TestDatabase } from '@omni/testing';
import { createBatchConsumer, type BatchConsumer } from '../src/consumer/batch-consumer';
import { KafkaProducer } from '../src/producer/kafka-producer';
import { createTopics, deleteTopics } from '../src/topics/topic-admin';
import { MessagingTestTables1700000000000 } from './support/messaging-test.migration';
import {
  applyAmount,
  committedCount,
  waitUntil,
  type AmountEvent,
} from './support/messaging-test-kit';

describe('a batch handler', () => {
  const { brokers } = testInfra();
  const service = `msg-batch-${uniqueSuffix()}`;
  const topic = `${service}.events.v1`;
  const groupId = `${service}.group`;
  const calls: string[][] = [];
  let db: TestDatabase;
  let producer: KafkaProducer;
  let consumer: BatchConsumer;

  beforeAll(async () => {
    db = await createTestDatabase({
      service: 'msg',
      migrations: [MessagingTestTables1700000000000],
    });
    await createTopics(brokers, [{ name: topic, partitions: 1 }]);
    producer = new KafkaProducer({ brokers, clientId: service });
  });

  afterAll(async () => {
    await consumer?.stop();
    await producer.disconnect();
    await deleteTopics(brokers, [topic]);
    await db.drop();
  });

  it('receives each new event once, in offset order, and a redelivered event changes nothing', async () => {
    const event = (n: number): AmountEvent => ({ eventId: `e-${n}`, account: 'acc', amount: n });
    // e-2 appears twice in the same fetch: the handler must see it once.
    await producer.send(
      topic,
      [1, 2, 2, 3].map((n) => ({ key: 'acc', value: event(n) })),
    );
    consumer = createBatchConsumer<AmountEvent>({
      service,
      brokers,
      groupId,
      topics: [topic],
      dataSource: db.dataSource,
      producer,
      handle: (e, tx) => applyAmount(e, tx, groupId),
      handleBatch: async (events, tx) => {
        calls.push(events.map((e) => e.eventId));
        for (const e of events) await applyAmount(e, tx, groupId);
      },
    });
    await consumer.start();
    await waitUntil(
      async () => (await committedCount(brokers, groupId, topic)) === 4,
      30_000,
      'the batch is consumed',
    );

    await producer.send(topic, [
      { key: 'acc', value: event(3) },
      { key: 'acc', value: event(4) },
    ]);
    await waitUntil(
      async () => (await committedCount(brokers, groupId, topic)) === 6,
      30_000,
      'the redelivery is consumed',
    );

    expect(calls.flat()).toEqual(['e-1', 'e-2', 'e-3', 'e-4']);
    expect(await db.dataSource.query(`SELECT total FROM balances WHERE account = 'acc'`)).toEqual([
      { total: '10' },
    ]);
  });
});
