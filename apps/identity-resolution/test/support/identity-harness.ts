import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { goldenFixture, type Identifiers } from '@omni/contracts';
import { createTopics, deleteTopics, KafkaProducer } from '@omni/messaging';
import {
  createTestApp,
  createTestDatabase,
  eventually,
  testInfra,
  uniqueSuffix,
  useHarness,
  type TestDatabase,
} from '@omni/testing';
import { AppModule } from '../../src/app.module';
import { identityConfig } from '../../src/config/identity-config';
import { migrations } from '../../src/migrations';
import { service } from '../../src/service';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

/** The service's entry point, for specs that run it as a real process. */
export const IDENTITY_MAIN = 'apps/identity-resolution/src/main.ts';

/** The spec's environment with the real app on it and a producer for its topics. */
export type IdentityHarness = Omit<IdentityTestEnv, 'drop'> & {
  app: NestFastifyApplication;
  producer: KafkaProducer;
  close(): Promise<void>;
};

export type IdentityTopics = { input: string; resolved: string; changes: string; dlt: string };

export type IdentityTestEnv = {
  db: TestDatabase;
  topics: IdentityTopics;
  /** The service's environment: this database, these topics, a consumer group of its own. */
  env: Record<string, string>;
  /** Deletes the topics (not the shared dead-letter topic) and drops the database. */
  drop(): Promise<void>;
};

/** Unique topics and consumer group for one spec file, and a database with the real migrations. */
export async function identityTestEnv(
  options: { partitions?: number; env?: Record<string, string> } = {},
): Promise<IdentityTestEnv> {
  const { brokers } = testInfra();
  const suffix = uniqueSuffix();
  const topics = {
    input: `idr-${suffix}.ingest.events.v1`,
    resolved: `idr-${suffix}.resolved-events.v1`,
    changes: `idr-${suffix}.profile-changes.v1`,
    dlt: 'identity-resolution.dlt.v1',
  };
  await createTopics(brokers, [
    { name: topics.input, partitions: options.partitions ?? 3 },
    { name: topics.resolved, partitions: 3 },
    { name: topics.changes, partitions: 3 },
    { name: topics.dlt, partitions: 3 },
  ]);
  const db = await createTestDatabase({ service: service.name, migrations });
  const env = {
    ...db.env,
    IDENTITY_ADMIN_TOKEN: ADMIN_TOKEN,
    IDENTITY_INPUT_TOPIC: topics.input,
    IDENTITY_RESOLVED_TOPIC: topics.resolved,
    IDENTITY_PROFILE_CHANGES_TOPIC: topics.changes,
    IDENTITY_CONSUMER_GROUP: `idr-${suffix}`,
    OUTBOX_POLL_INTERVAL_MS: '20',
    ...options.env,
  };
  return {
    db,
    topics,
    env,
    async drop() {
      await deleteTopics(brokers, [topics.input, topics.resolved, topics.changes]);
      await db.drop();
    },
  };
}

/** Unique topics and consumer group per spec file, the real migrations, the real app. */
export async function startIdentityHarness(
  options: { consumer?: boolean; partitions?: number } = {},
): Promise<IdentityHarness> {
  const { db, topics, env, drop } = await identityTestEnv({
    partitions: options.partitions,
    env: { IDENTITY_CONSUMER_ENABLED: String(options.consumer ?? true) },
  });
  const app = await createTestApp({ module: AppModule, service, config: identityConfig, env });
  const producer = new KafkaProducer({
    brokers: testInfra().brokers,
    clientId: `idr-test-${uniqueSuffix()}`,
  });
  return {
    db,
    app,
    producer,
    topics,
    env,
    async close() {
      await app.close();
      await producer.disconnect();
      await drop();
    },
  };
}

/** The harness of one describe block, started in `beforeAll` and closed in `afterAll`. */
export const useIdentityHarness = (
  options: Parameters<typeof startIdentityHarness>[0] = {},
): IdentityHarness => useHarness(() => startIdentityHarness(options));

/** A valid ingest.events.v1 envelope built from a golden fixture, with the given identifiers. */
export function channelEvent(
  type: 'page.viewed' | 'customer.identified' | 'order.paid' | 'order.placed',
  channel: string,
  identifiers: Identifiers,
  occurredAt: string,
  eventId: string = randomUUID(),
): Record<string, unknown> & { eventId: string } {
  return {
    ...goldenFixture(type, 1),
    eventId,
    channel,
    identifiers,
    occurredAt,
    receivedAt: occurredAt,
  };
}

export const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

/** The customerId each event resolved to, once all of them are resolved. */
export async function resolvedCustomers(
  db: TestDatabase,
  eventIds: readonly string[],
  timeoutMs = 30_000,
): Promise<Map<string, string>> {
  return eventually(
    async () => {
      const rows: { source_event_id: string; customer_id: string }[] = await db.dataSource.query(
        `SELECT source_event_id, customer_id FROM resolution_log WHERE source_event_id = ANY($1::text[])`,
        [eventIds],
      );
      return rows.length === eventIds.length
        ? new Map(rows.map((r) => [r.source_event_id, r.customer_id]))
        : undefined;
    },
    `${eventIds.length} events to resolve`,
    timeoutMs,
  );
}
