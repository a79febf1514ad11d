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

const partitions = 3;
const keys = ['a', 'b', 'c', 'd', 'e', 'f'];
const perKey = 10;

describe('a consumer combining partitions', () => {
  const { brokers } = testInfra();
  const service = `msg-combine-${uniqueSuffix()}`;
  let db: TestDatabase;
  let producer: KafkaProducer;
  let consumer: BatchConsumer | undefined;
  const topics: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase({
      service: 'msg',
      migrations: [MessagingTestTables1700000000000],
    });
    producer = new KafkaProducer({ brokers, clientId: service });
  });

  afterEach(async () => {
    await consumer?.stop();
    consumer = undefined;
  });

  afterAll(async () => {
    await producer.disconnect();
    await deleteTopics(brokers, topics);
    await db.drop();
  });

  /** A topic holding `perKey` events per key (spread over the partitions by key), all sent before consuming. */
  async function filledTopic(name: string, poison?: string): Promise<string> {
    const topic = `${service}.${name}.v1`;
    await createTopics(brokers, [{ name: topic, partitions }]);
    topics.push(topic);
    const messages = keys.flatMap((key) =>
      Array.from({ length: perKey }, (_, seq) => {
        const eventId = `${name}-${key}-${seq}`;
        return { key, value: { eventId, account: `${name}-${key}`, amount: seq } as AmountEvent };
      }),
    );
    if (poison) messages.push({ key: 'a', value: { eventId: poison, account: poison, amount: 0 } });
    await producer.send(topic, messages);
    return topic;
  }

  const effects = async (prefix: string) =>
    (await db.dataSource.query(
      `SELECT event_id, account, amount::int AS amount FROM effects WHERE account LIKE $1 ORDER BY id`,
      [`${prefix}-%`],
    )) as { event_id: string; account: string; amount: number }[];

  const expectOncePerEventInKeyOrder = (rows: { account: string; amount: number }[]) => {
    expect(rows).toHaveLength(keys.length * perKey);
    for (const key of keys) {
      const amounts = rows.filter((r) => r.account.endsWith(`-${key}`)).map((r) => r.amount);
      expect(amounts).toEqual(Array.from({ length: perKey }, (_, seq) => seq));
    }
  };

  /**
   * Consumes a filled topic with combined partitions until every event is committed; returns
   * each batch transaction's id and the partitions it carried.
   */
  const consumeCombined = async (name: string, options: { maxBatchSize?: number } = {}) => {
    const topic = await filledTopic(name);
    const groupId = `${service}.${name}`;
    const transactions: { txid: string; partitions: Set<number> }[] = [];
    consumer = createBatchConsumer<AmountEvent>({
      service,
      brokers,
      groupId,
      topics: [topic],
      dataSource: db.dataSource,
      producer,
      partitionsConsumedConcurrently: partitions,
      combinePartitions: true,
      ...options,
      handle: (e, tx) => applyAmount(e, tx, groupId),
      handleBatch: async (events, tx) => {
        const [{ txid }] = (await tx.query(`SELECT txid_current()::text AS txid`)) as {
          txid: string;
        }[];
        transactions.push({ txid, partitions: new Set(events.map((e) => e.partition)) });
        for (const e of events) await applyAmount(e, tx, groupId);
      },
    });
    await consumer.start();
    await waitUntil(
      async () => (await committedCount(brokers, groupId, topic)) === keys.length * perKey,
      30_000,
      'every event is consumed',
    );
    expectOncePerEventInKeyOrder(await effects(name));
    return transactions;
  };

  it('applies the batches of partitions ready together in one transaction, each partition in order', async () => {
    const transactions = await consumeCombined('together');
    // Everything was on the broker before the first fetch, so its partitions came in together.
    expect(transactions[0].partitions.size).toBeGreaterThan(1);
    expect(new Set(transactions.map((t) => t.txid)).size).toBe(transactions.length);
  });

  it('splits more than a batch of ready messages into two transactions over disjoint partitions', async () => {
    // Chunks of 5 from each partition: the first fetch hands in 15 messages, above 5.
    const [first, second] = await consumeCombined('split', { maxBatchSize: 5 });
    expect(first.txid).not.toBe(second.txid);
    expect([...first.partitions].some((p) => second.partitions.has(p))).toBe(false);
    expect(first.partitions.size + second.partitions.size).toBe(partitions);
  });

  it("falls back to each partition's own transaction when the shared one fails, so a poison message holds back no other partition", async () => {
    const poison = 'fallback-poison';
    const topic = await filledTopic('fallback', poison);
    const groupId = `${service}.fallback`;
    const fail = (eventId: string) => {
      if (eventId === poison) throw new Error('this event always fails');
    };
    consumer = createBatchConsumer<AmountEvent>({
      service,
      brokers,
      groupId,
      topics: [topic],
      dataSource: db.dataSource,
      producer,
      deadLetterTopic: `${service}.dlt.v1`,
      partitionsConsumedConcurrently: partitions,
      combinePartitions: true,
      maxAttempts: 2,
      initialBackoffMs: 10,
      maxBackoffMs: 20,
      handle: async (e, tx) => {
        fail(e.eventId);
        await applyAmount(e, tx, groupId);
      },
      handleBatch: async (events, tx) => {
        for (const e of events) {
          fail(e.eventId);
          await applyAmount(e, tx, groupId);
        }
      },
    });
    await createTopics(brokers, [{ name: `${service}.dlt.v1`, partitions: 1 }]);
    topics.push(`${service}.dlt.v1`);
    await consumer.start();
    await waitUntil(
      async () => (await committedCount(brokers, groupId, topic)) === keys.length * perKey + 1,
      60_000,
      'every event is consumed or dead-lettered',
    );

    expectOncePerEventInKeyOrder(await effects('fallback'));
    const dead = (await db.dataSource.query(
      `SELECT consumer_group FROM dead_letters WHERE consumer_group = $1`,
      [groupId],
    )) as unknown[];
    expect(dead).toHaveLength(1);
  });
});
