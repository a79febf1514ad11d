import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { goldenFixture, TOPICS, type Channel } from '@omni/contracts';
import { createTopicReader, provisionTopics, type TopicMessage } from '@omni/messaging';
import {
  createTestApp,
  createTestDatabase,
  testInfra,
  uniqueSuffix,
  type TestDatabase,
} from '@omni/testing';
import { AppModule } from '../../src/app.module';
import { migrations } from '../../src/migrations';
import { service } from '../../src/service';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

/** Settings every ingest spec shares: a cheap scrypt cost and the admin API on. */
export const baseEnv: Record<string, string> = {
  INGEST_ADMIN_TOKEN: ADMIN_TOKEN,
  INGEST_SCRYPT_COST: '1024',
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
  return createTestDatabase({ service: service.name, migrations });
}

export async function ingestApp(
  db: TestDatabase,
  env: Record<string, string> = {},
): Promise<NestFastifyApplication> {
  return createTestApp({
    module: AppModule,
    serviceName: service.name,
    env: { ...baseEnv, ...db.env, ...env },
  });
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
  const reader = await createTopicReader({
    brokers: testInfra().brokers,
    clientId: 'omni-test',
    topic,
    fromBeginning: true,
  });
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
