import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTopics, deleteTopics } from '@omni/messaging';
import {
  freePort,
  startServiceProcess,
  testInfra,
  uniqueSuffix,
  waitForHttpOk,
  type TestDatabase,
} from '@omni/testing';
import {
  baseEnv,
  eventIdOf,
  ingestApp,
  ingestDatabase,
  postEvents,
  productViewed,
  provisionIngestTopics,
  publishedMessages,
  registerConnector,
  type RegisteredConnector,
} from './support/ingest-test-kit';

type Batch = {
  accepted: number;
  duplicates: number;
  rejected: number;
  results: { status: string }[];
};

describe('ingest replicas sharing one database', () => {
  const eventsTopic = `ingest.events-replicas-${uniqueSuffix()}.v1`;
  let db: TestDatabase;
  let replicaA: NestFastifyApplication;
  let replicaB: NestFastifyApplication;
  let connector: RegisteredConnector;

  beforeAll(async () => {
    await provisionIngestTopics();
    await createTopics(testInfra().brokers, [{ name: eventsTopic, partitions: 3 }]);
    db = await ingestDatabase();
    replicaA = await ingestApp(db, { INGEST_EVENTS_TOPIC: eventsTopic });
    replicaB = await ingestApp(db, { INGEST_EVENTS_TOPIC: eventsTopic });
    connector = await registerConnector(replicaA, { rateLimitPerSecond: 100_000 });
  });

  afterAll(async () => {
    await replicaA?.close();
    await replicaB?.close();
    await db?.drop();
    await deleteTopics(testInfra().brokers, [eventsTopic]);
  });

  const publishedIds = async (expected: number) =>
    (await publishedMessages(eventsTopic, expected)).map(eventIdOf);

  it('accepts each event exactly once when both replicas receive the same batch at the same time', async () => {
    const events = Array.from({ length: 40 }, () => productViewed());
    const answers = await Promise.all([
      postEvents(replicaA, connector.key, events),
      postEvents(replicaB, connector.key, events),
      postEvents(replicaA, connector.key, [...events].reverse()),
      postEvents(replicaB, connector.key, [...events].reverse()),
    ]);
    const bodies = answers.map((a) => a.json<Batch>());
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 200]);
    expect(bodies.reduce((sum, b) => sum + b.accepted, 0)).toBe(40);
    expect(bodies.reduce((sum, b) => sum + b.duplicates, 0)).toBe(120);
    const ids = await publishedIds(40);
    expect(new Set(ids)).toEqual(new Set(events.map((e) => e.eventId)));
  });

  it('answers 503 while Kafka is unreachable, keeps nothing, and accepts the retried events exactly once', async () => {
    // A separate process, as a real replica would be, whose broker address answers nothing.
    const deadBroker = `127.0.0.1:${await freePort()}`;
    const env = {
      ...baseEnv,
      ...db.env,
      INGEST_EVENTS_TOPIC: eventsTopic,
      KAFKA_BROKERS: deadBroker,
      INGEST_PUBLISH_TIMEOUT_MS: '1500',
      OUTBOX_RELAY_ENABLED: 'false',
    };
    const cutOff = await startServiceProcess('apps/ingest/src/main.ts', env);
    const events = Array.from({ length: 5 }, () => productViewed());
    try {
      await waitForHttpOk(`http://127.0.0.1:${cutOff.port}/health/live`, 90_000);
      const failed = await fetch(`http://127.0.0.1:${cutOff.port}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${connector.key}` },
        body: JSON.stringify({ events }),
      });
      const body = (await failed.json()) as Record<string, unknown>;
      expect([failed.status, body.code]).toEqual([503, 'kafka_unavailable']);
      expect(failed.headers.get('retry-after')).toBe('1');
      expect(body).not.toHaveProperty('results');
    } finally {
      cutOff.child.kill('SIGKILL');
      await cutOff.exited;
    }
    const claimed = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM dedupe_keys WHERE event_id = ANY($1)`,
      [events.map((e) => e.eventId)],
    );
    expect(claimed[0].n).toBe(0);

    const retried = (await postEvents(replicaA, connector.key, events)).json<Batch>();
    expect([retried.accepted, retried.duplicates]).toEqual([5, 0]);
    const again = (await postEvents(replicaB, connector.key, events)).json<Batch>();
    expect([again.accepted, again.duplicates]).toEqual([0, 5]);
    const ids = await publishedIds(45);
    for (const event of events) expect(ids.filter((id) => id === event.eventId)).toHaveLength(1);
  });
});
