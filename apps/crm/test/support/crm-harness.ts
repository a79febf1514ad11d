import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { eventDedupeKey, goldenFixture } from '@omni/contracts';
import { createTopics, deleteTopics, KafkaProducer } from '@omni/messaging';
import {
  createTestApp,
  createTestDatabase,
  testInfra,
  uniqueSuffix,
  type TestDatabase,
} from '@omni/testing';
import { AppModule } from '../../src/app.module';
import { crmConfig } from '../../src/config/crm-config';
import { migrations } from '../../src/migrations';
import { service } from '../../src/service';

export const ADMIN_TOKEN = 'test-crm-admin-token-0123456789';
export const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

export type CrmTopics = {
  resolved: string;
  changes: string;
  customerChanges: string;
  journeyTriggers: string;
};

/** Unique topics, consumer group and schema per spec file, with the real migrations. */
export async function crmTestEnvironment(env: Record<string, string> = {}) {
  const { brokers } = testInfra();
  const suffix = uniqueSuffix();
  const topics: CrmTopics = {
    resolved: `crm-${suffix}.resolved-events.v1`,
    changes: `crm-${suffix}.profile-changes.v1`,
    customerChanges: `crm-${suffix}.customer-changes.v1`,
    journeyTriggers: `crm-${suffix}.journey-triggers.v1`,
  };
  await createTopics(brokers, [
    ...Object.values(topics).map((name) => ({ name, partitions: 3 })),
    { name: 'crm.dlt.v1', partitions: 3 },
  ]);
  const db = await createTestDatabase({ service: service.name, migrations });
  const producer = new KafkaProducer({ brokers, clientId: `crm-test-${suffix}` });
  return {
    db,
    topics,
    producer,
    env: <Record<string, string>>{
      ...db.env,
      CRM_ADMIN_TOKEN: ADMIN_TOKEN,
      CRM_RESOLVED_EVENTS_TOPIC: topics.resolved,
      CRM_PROFILE_CHANGES_TOPIC: topics.changes,
      CRM_CUSTOMER_CHANGES_TOPIC: topics.customerChanges,
      CRM_JOURNEY_TRIGGERS_TOPIC: topics.journeyTriggers,
      // The broker is shared by parallel specs; the group is this spec's own.
      CRM_CONSUMER_GROUP: `crm-${suffix}`,
      CRM_QUIET_HOURS: '',
      OUTBOX_POLL_INTERVAL_MS: '20',
      CRM_JOURNEY_SCHEDULER_POLL_MS: '50',
      ...env,
    },
    async close() {
      await producer.disconnect();
      await deleteTopics(brokers, Object.values(topics));
      await db.drop();
    },
  };
}

export type CrmTestEnvironment = Awaited<ReturnType<typeof crmTestEnvironment>>;

export type CrmHarness = CrmTestEnvironment & {
  app: NestFastifyApplication;
  closeAll(): Promise<void>;
};

/** The real crm app in this process, consuming this spec's topics. */
export async function startCrmHarness(env: Record<string, string> = {}): Promise<CrmHarness> {
  const environment = await crmTestEnvironment(env);
  const app = await createTestApp({
    module: AppModule,
    service,
    config: crmConfig,
    env: environment.env,
  });
  return {
    ...environment,
    app,
    async closeAll() {
      await app.close();
      await environment.close();
    },
  };
}

/** A resolved event from the golden fixture of `type`, for `customerId`, with overrides. */
export function resolvedEvent(
  type: string,
  customerId: string,
  options: { payload?: Record<string, unknown>; occurredAt?: Date; eventId?: string } = {},
): Record<string, unknown> & { eventId: string } {
  const fixture = goldenFixture(type, 1);
  const eventId = options.eventId ?? `test-${randomUUID()}`;
  return {
    ...fixture,
    eventId,
    customerId,
    correlationId: eventId,
    causationId: eventId,
    occurredAt: (options.occurredAt ?? new Date()).toISOString(),
    payload: { ...(fixture.payload as object), ...options.payload },
  } as Record<string, unknown> & { eventId: string };
}

/** A profile change as identity publishes it. */
export function profileChange(
  type: 'profile.merged' | 'profile.split' | 'profile.erased',
  customerId: string,
  payload: Record<string, unknown>,
  version = 1,
): Record<string, unknown> & { eventId: string } {
  const eventId = `idr-test-${randomUUID()}`;
  return {
    eventId,
    type,
    version,
    occurredAt: new Date().toISOString(),
    customerId,
    correlationId: eventId,
    causationId: eventId,
    payload,
  };
}

export async function send(
  producer: KafkaProducer,
  topic: string,
  ...events: (Record<string, unknown> & { customerId?: unknown; eventId: string })[]
): Promise<void> {
  await producer.send(
    topic,
    events.map((value) => ({ key: String(value.customerId ?? value.eventId), value })),
  );
}

/** Polls until `probe` returns a value that is not undefined. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Whether the consumer group has recorded these events in the inbox. */
export async function processed(
  db: TestDatabase,
  events: { eventId: string; connectorId?: unknown }[],
): Promise<true | undefined> {
  const keys = events.map((event) =>
    eventDedupeKey({
      eventId: event.eventId,
      connectorId: typeof event.connectorId === 'string' ? event.connectorId : undefined,
    }),
  );
  const rows: { n: number }[] = await db.dataSource.query(
    `SELECT count(DISTINCT event_id)::int AS n FROM inbox WHERE event_id = ANY($1::text[])`,
    [keys],
  );
  return rows[0].n === new Set(keys).size ? true : undefined;
}
