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

describe('batch consumer commit interval and whole-batch retries', () => {
  const { brokers } = testInfra();
  const service = `msg-commit-${uniqueSuffix()}`;
  const topic = `${service}.events.v1`;
  let db: TestDatabase;
  let producer: KafkaProducer;
  const consumers: BatchConsumer[] = [];

  const event = (n: number, account: string): AmountEvent => ({
    eventId: `${account}-${n}`,
    account,
    amount: n,
  });
  // Effects of one consumer group only: the groups of this file share the topic.
  const applied = async (groupId: string) =>
    Number(
      (
        await db.dataSource.query(
          `SELECT COALESCE(sum(amount), 0) AS n FROM effects WHERE consumer_group = $1`,
          [groupId],
        )
      )[0].n,
    );

  beforeAll(async () => {
    db = await createTestDatabase({
      service: 'msg',
      migrations: [MessagingTestTables1700000000000],
    });
    await createTopics(brokers, [{ name: topic, partitions: 1 }]);
    producer = new KafkaProducer({ brokers, clientId: service });
  });

  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.stop()));
    await producer.disconnect();
    await deleteTopics(brokers, [topic]);
    await db.drop();
  });

  it('holds offsets back within the commit interval, and a restart redelivers them without applying anything twice', async () => {
    const groupId = `${service}.interval`;
    const start = (commitIntervalMs: number): BatchConsumer => {
      const consumer = createBatchConsumer<AmountEvent>({
        service,
        brokers,
        groupId,
        topics: [topic],
        dataSource: db.dataSource,
        producer,
        maxBatchSize: 2,
        commitIntervalMs,
        handle: (e, tx) => applyAmount(e, tx, groupId),
      });
      consumers.push(consumer);
      return consumer;
    };
    await producer.send(
      topic,
      [1, 2, 3, 4, 5, 6].map((n) => ({ key: 'a', value: event(n, 'a') })),
    );
    const first = start(60_000);
    await first.start();
    await waitUntil(
      async () => (await applied(groupId)) === 21,
      30_000,
      'all six events are applied',
    );
    // The first chunk commits (nothing was committed for a minute); the next two are held back.
    expect(await committedCount(brokers, groupId, topic)).toBe(2);
    await first.stop();

    const second = start(0);
    await second.start();
    await waitUntil(
      async () => (await committedCount(brokers, groupId, topic)) === 6,
      30_000,
      'the redelivered offsets are committed',
    );
    expect(await applied(groupId)).toBe(21);
    await second.stop();
  });

  it('retries a failed batch as a whole when batchAttempts allows it, instead of message by message', async () => {
    const groupId = `${service}.retry`;
    const batches: string[][] = [];
    const single: string[] = [];
    await producer.send(
      topic,
      [1, 2, 3].map((n) => ({ key: 'b', value: event(n, 'b') })),
    );
    const consumer = createBatchConsumer<AmountEvent>({
      service,
      brokers,
      groupId,
      topics: [topic],
      dataSource: db.dataSource,
      producer,
      batchAttempts: 3,
      initialBackoffMs: 10,
      maxBackoffMs: 20,
      handle: async (e, tx) => {
        single.push(e.eventId);
        await applyAmount(e, tx, groupId);
      },
      handleBatch: async (events, tx) => {
        const own = events.filter((e) => e.value.account === 'b');
        if (own.length === 0) return;
        batches.push(own.map((e) => e.eventId));
        for (const e of own) await applyAmount(e, tx, groupId);
        if (batches.length === 1) throw new Error('a transient failure');
      },
    });
    consumers.push(consumer);
    await consumer.start();
    await waitUntil(async () => (await applied(groupId)) === 6, 30_000, 'the batch is applied');
    expect(batches.slice(0, 2)).toEqual([
      ['b-1', 'b-2', 'b-3'],
      ['b-1', 'b-2', 'b-3'],
    ]);
    expect(single).toEqual([]);
  });
});
