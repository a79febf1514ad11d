import { createTestDatabase, testInfra, uniqueSuffix, type TestDatabase } from '@omni/testing';
import { outboxChannel } from '../src/outbox/outbox-channel';
import { OutboxRelay } from '../src/outbox/outbox-relay.service';
import { Outbox } from '../src/outbox/outbox.service';
import { KafkaProducer } from '../src/producer/kafka-producer';
import { tableName } from '../src/sql';
import { createTopics, deleteTopics } from '../src/topics/topic-admin';
import { MessagingTestTables1700000000000 } from './support/messaging-test.migration';
import { logSize, waitUntil } from './support/messaging-test-kit';

// A poll interval no test waits out: whatever gets published here was woken by a commit.
const NEVER_POLLS_MS = 3_600_000;

describe('the outbox relay wakes on commit', () => {
  const { brokers } = testInfra();
  const service = `msg-wake-${uniqueSuffix()}`;
  const topic = `${service}.events.v1`;
  const outbox = new Outbox();
  let db: TestDatabase;
  let producer: KafkaProducer;
  let relay: OutboxRelay;

  beforeAll(async () => {
    db = await createTestDatabase({
      service: 'msg',
      migrations: [MessagingTestTables1700000000000],
    });
    await createTopics(brokers, [{ name: topic, partitions: 1 }]);
    producer = new KafkaProducer({ brokers, clientId: service });
    relay = new OutboxRelay(db.dataSource, producer, { service, pollIntervalMs: NEVER_POLLS_MS });
    relay.start();
    await waitUntil(() => relay.isListening(), 30_000, 'the relay listens');
  });

  afterAll(async () => {
    await relay?.stop();
    await producer?.disconnect();
    await deleteTopics(brokers, [topic]);
    await db?.drop();
  });

  const enqueue = (from: number, count: number) =>
    db.dataSource.transaction((tx) =>
      outbox.enqueueMany(
        tx,
        Array.from({ length: count }, (_, i) => ({
          topic,
          key: 'k',
          value: { eventId: `e-${from + i}` },
        })),
      ),
    );

  it('publishes rows committed while it idles without waiting for its next poll', async () => {
    await enqueue(0, 5);
    await waitUntil(async () => (await logSize(brokers, topic)) === 5, 30_000, '5 are published');
    await enqueue(5, 3);
    await waitUntil(async () => (await logSize(brokers, topic)) === 8, 30_000, '8 are published');
    expect((await relay.lag()).rows).toBe(0);
  });

  it('listens again after its connection is killed, and publishes what was committed meanwhile', async () => {
    const channel = outboxChannel(tableName(db.dataSource, 'outbox'));
    const [{ n }] = (await db.dataSource.query(
      `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
       WHERE application_name = 'omni-outbox-listener' AND query LIKE $1`,
      [`%${channel}%`],
    )) as { n: number }[];
    expect(n).toBe(1);
    await enqueue(100, 2);
    await waitUntil(async () => (await logSize(brokers, topic)) === 10, 60_000, '10 are published');
    await waitUntil(() => relay.isListening(), 30_000, 'the relay listens again');
    await enqueue(200, 1);
    await waitUntil(async () => (await logSize(brokers, topic)) === 11, 30_000, '11 are published');
  });
});
