import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { goldenFixture, TOPICS, type Channel } from '@omni/contracts';
import { createTopics, deleteTopics, provisionTopics, type TopicMessage } from '@omni/messaging';
import {
  createTestApp,
  createTestDatabase,
  testInfra,
  testReader,
  uniqueSuffix,
  type TestDatabase,
} from '@omni/testing';
import { AppModule } from '../../src/app.module';
import { ingestConfig } from '../../src/config/ingest-config';
import { entities } from '../../src/entities';
import { migrations } from '../../src/migrations';
import { service } from '../../src/service';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

/** The service's entry point, for specs that run it as a real process. */
export const INGEST_MAIN = 'apps/ingest/src/main.ts';

/**
 * Settings every ingest spec shares: a cheap scrypt cost, the admin API on, and no throttling
 * of refused keys (every injected request comes from one address; auth-flood.int-spec.ts
 * tests the throttle with its own settings).
 */
export const baseEnv: Record<string, string> = {
  INGEST_ADMIN_TOKEN: ADMIN_TOKEN,
  INGEST_SCRYPT_COST: '1024',
  INGEST_AUTH_FAILURE_BURST: '1000000',
  INGEST_RAW_CONSUMER_ENABLED: 'false',
  INGEST_PUBLISH_TIMEOUT_MS: '5000',
  OUTBOX_POLL_INTERVAL_MS: '20',
};

const ingestTopics = [
  TOPICS.ingestRaw,
  TOPICS.ingestEvents,
  TOPICS.ingestRejected,
  TOPICS.ingestDlt,
];

export async function provisionIngestTopics(): Promise<void> {
  await provisionTopics({ brokers: testInfra().brokers, clientId: 'omni-test' }, [...ingestTopics]);
}

export async function ingestDatabase(): Promise<TestDatabase> {
  return createTestDatabase({ service: service.name, migrations, entities });
}

export type IngestTestEnv = {
  db: TestDatabase;
  topics: { raw: string; events: string; rejected: string };
  /** The raw-ingest consumer's group. */
  groupId: string;
  /** The shared settings, this database and these topics, with the raw-ingest consumer on. */
  env: Record<string, string>;
  /** Deletes the topics (not the shared dead-letter topic) and drops the database. */
  drop(): Promise<void>;
};

/** Unique topics and raw-ingest group for one spec file, and a database with the real migrations. */
export async function ingestTestEnv(
  options: { env?: Record<string, string> } = {},
): Promise<IngestTestEnv> {
  const { brokers } = testInfra();
  const suffix = uniqueSuffix();
  const topics = {
    raw: `ingest.raw-${suffix}.v1`,
    events: `ingest.events-${suffix}.v1`,
    rejected: `ingest.rejected-${suffix}.v1`,
  };
  const groupId = `ingest-raw-${suffix}`;
  await createTopics(brokers, [
    { name: topics.raw, partitions: 3 },
    { name: topics.events, partitions: 3 },
    { name: topics.rejected, partitions: 1 },
    { name: TOPICS.ingestDlt.name, partitions: 3 },
  ]);
  const db = await ingestDatabase();
  return {
    db,
    topics,
    groupId,
    env: {
      ...baseEnv,
      ...db.env,
      INGEST_RAW_CONSUMER_ENABLED: 'true',
      INGEST_RAW_TOPIC: topics.raw,
      INGEST_RAW_GROUP_ID: groupId,
      INGEST_EVENTS_TOPIC: topics.events,
      INGEST_REJECTED_TOPIC: topics.rejected,
      ...options.env,
    },
    async drop() {
      await deleteTopics(brokers, Object.values(topics));
      await db.drop();
    },
  };
}

export async function ingestApp(
  db: TestDatabase,
  env: Record<string, string> = {},
): Promise<NestFastifyApplication> {
  return createTestApp({
    module: AppModule,
    service,
    config: ingestConfig,
    env: { ...baseEnv, ...db.env, ...env },
  });
}

/**
 * The ingest app of one describe block on a fresh database, with the catalog topics and any
 * `topics` of the spec's own: made in `beforeAll` (registered first, so later hooks can use
 * it), closed, dropped and deleted in `afterAll`.
 */
export function useIngestApp(
  env: Record<string, string> = {},
  options: { topics?: { name: string; partitions: number }[] } = {},
): {
  readonly db: TestDatabase;
  readonly app: NestFastifyApplication;
} {
  const topics = options.topics ?? [];
  let db: TestDatabase | undefined;
  let app: NestFastifyApplication | undefined;
  beforeAll(async () => {
    await provisionIngestTopics();
    if (topics.length > 0) await createTopics(testInfra().brokers, topics);
    db = await ingestDatabase();
    app = await ingestApp(db, env);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
    if (topics.length > 0)
      await deleteTopics(
        testInfra().brokers,
        topics.map((topic) => topic.name),
      );
  });
  const made = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the ingest app is made in beforeAll');
    return value;
  };
  return {
    get db() {
      return made(db);
    },
    get app() {
      return made(app);
    },
  };
}

export type RegisteredConnector = { id: string; key: string };

export async function registerConnector(
  app: NestFastifyApplication,
  options: { channels?: Channel[]; rateLimitPerSecond?: number; burst?: number } = {},
): Promise<RegisteredConnector> {
  const id = `conn-${uniqueSuffix()}`;
  const response = await app.inject({
    method: 'POST',
    url: '/v1/admin/connectors',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    payload: { id, name: `Test ${id}`, channels: options.channels ?? ['tmall', 'web'], ...options },
  });
  if (response.statusCode !== 201)
    throw new Error(`could not register a connector: ${response.statusCode} ${response.body}`);
  return { id, key: response.json<{ key: string }>().key };
}

export function postEvents(app: NestFastifyApplication, key: string, events: unknown[]) {
  return app.inject({
    method: 'POST',
    url: '/v1/events',
    headers: { authorization: `Bearer ${key}` },
    payload: { events },
  });
}

/** A valid order.placed with a unique eventId, dated now, for the given connector's channel. */
export function orderPlaced(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const fixture = structuredClone(goldenFixture('order.placed', 1)) as Record<string, unknown>;
  delete fixture.connectorId;
  const now = new Date().toISOString();
  return {
    ...fixture,
    eventId: `evt-${uniqueSuffix()}-${uniqueSuffix()}`,
    occurredAt: now,
    sentAt: now,
    ...overrides,
  };
}

export function productViewed(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventId: `evt-${uniqueSuffix()}-${uniqueSuffix()}`,
    type: 'product.viewed',
    version: 1,
    occurredAt: new Date().toISOString(),
    channel: 'web',
    identifiers: { anonymousId: `anon-${uniqueSuffix()}` },
    payload: { sku: 'LUM-SERUM-50ML', price: { amount: 76000, currency: 'CNY' } },
    ...overrides,
  };
}

/**
 * Every message on `topic` once `expected` have arrived, read again after a pause so that
 * anything published twice, which would arrive right behind, shows up too.
 */
export async function publishedMessages(topic: string, expected: number): Promise<TopicMessage[]> {
  const reader = await testReader(topic);
  try {
    await reader.waitForCount(expected, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    return await reader.waitForCount(expected, 1_000);
  } finally {
    await reader.close();
  }
}

export const eventIdOf = (message: TopicMessage): string =>
  JSON.parse(message.value!.toString()).eventId;
