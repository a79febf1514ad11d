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

describe('graceful shutdown', () => {
  const { brokers } = testInfra();
  const service = `msg-stop-${uniqueSuffix()}`;
  const topic = `${service}.events.v1`;
  const groupId = `${service}.group`;
  const total = 2_000;
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase({
      service: 'msg',
      migrations: [MessagingTestTables1700000000000],
    });
    await createTopics(brokers, [{ name: topic, partitions: 2 }]);
  });

  afterAll(async () => {
    await deleteTopics(brokers, [topic]);
    await db.drop();
  });

  const effectCount = async () =>
    Number((await db.dataSource.query(`SELECT count(*) AS n FROM effects`))[0].n);

  /** A deliberately slow consumer that counts every message it is handed. */
  const slowConsumer = (deliveries: { count: number }): BatchConsumer =>
    createBatchConsumer<AmountEvent>({
      service,
      brokers,
      groupId,
      topics: [topic],
      dataSource: db.dataSource,
      maxBatchSize: 100,
      decode: (raw) => {
        deliveries.count += 1;
        return decodeJson(raw) as AmountEvent;
      },
      handle: async (event, tx) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        await applyAmount(event, tx, groupId);
      },
    });

  it('stop() during processing commits what was processed, and the restart neither repeats nor loses an event', async () => {
    const producer = new KafkaProducer({ brokers, clientId: service });
    const events = Array.from({ length: total }, (_, i) => ({
      eventId: `evt-${i}`,
      account: `acc-${i % 10}`,
      amount: 1,
    }));
    await producer.send(
      topic,
      events.map((e) => ({ key: e.account, value: e })),
    );
    await producer.disconnect();

    const first = { count: 0 };
    const consumer = slowConsumer(first);
    await consumer.start();
    await waitUntil(
      async () => (await effectCount()) >= 300,
      60_000,
      'the consumer is half-way through',
    );
    await consumer.stop();

    const processed = await effectCount();
    expect(processed).toBeLessThan(total);
    expect(await committedCount(brokers, groupId, topic)).toBe(processed);
    expect(first.count).toBe(processed);

    const second = { count: 0 };
    const restarted = slowConsumer(second);
    await restarted.start();
    await waitUntil(
      async () => (await committedCount(brokers, groupId, topic)) === total,
      60_000,
      'the restart consumed the rest',
    );
    await restarted.stop();

    expect(first.count + second.count).toBe(total);
    const [{ rows, distinct }] = await db.dataSource.query(
      `SELECT count(*)::int AS rows, count(DISTINCT event_id)::int AS distinct FROM effects`,
    );
    expect({ rows, distinct }).toEqual({ rows: total, distinct: total });
  });
});
