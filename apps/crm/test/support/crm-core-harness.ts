import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import { goldenFixture, parseDownstreamEvent } from '@omni/contracts';
import { createTopics, deleteTopics, KafkaProducer } from '@omni/messaging';
import { createTestApp, createTestDatabase, testInfra, uniqueSuffix } from '@omni/testing';
import type { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { crmConfig } from '../../src/config/crm-config';
import { CustomerActivityService } from '../../src/customers/customer-activity.service';
import { migrations } from '../../src/migrations';
import { service } from '../../src/service';

export const ADMIN_TOKEN = 'test-crm-core-admin-token-0123456789';
export const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

/**
 * The real crm app on a schema, topics and consumer group of this spec's own. With
 * `consume: false` its consumer reads a topic nothing is sent to, and tests apply events
 * through the handler's service in a transaction, as the consumer does.
 */
export async function startCrm(env: Record<string, string> = {}) {
  const { brokers } = testInfra();
  const suffix = uniqueSuffix();
  const topics = {
    resolved: `crm-core-${suffix}.resolved-events.v1`,
    changes: `crm-core-${suffix}.profile-changes.v1`,
    customerChanges: `crm-core-${suffix}.customer-changes.v1`,
  };
  await createTopics(brokers, [
    ...Object.values(topics).map((name) => ({ name, partitions: 3 })),
    { name: 'crm.dlt.v1', partitions: 3 },
  ]);
  const db = await createTestDatabase({ service: service.name, migrations });
  const producer = new KafkaProducer({ brokers, clientId: `crm-core-test-${suffix}` });
  const appEnv = {
    ...db.env,
    CRM_ADMIN_TOKEN: ADMIN_TOKEN,
    CRM_RESOLVED_EVENTS_TOPIC: topics.resolved,
    CRM_PROFILE_CHANGES_TOPIC: topics.changes,
    CRM_CUSTOMER_CHANGES_TOPIC: topics.customerChanges,
    CRM_CONSUMER_GROUP: `crm-core-${suffix}`,
    CRM_POINTS_EXPIRY_INTERVAL_MS: '0',
    CRM_TIER_ASSESSMENT_INTERVAL_MS: '0',
    OUTBOX_POLL_INTERVAL_MS: '20',
    ...env,
  };
  const boot = (overrides: Record<string, string> = {}) =>
    createTestApp({
      module: AppModule,
      service,
      config: crmConfig,
      env: { ...appEnv, ...overrides },
    });
  let app: NestFastifyApplication = await boot();
  let dataSource = app.get<DataSource>(getDataSourceToken());
  let activity = app.get(CustomerActivityService);
  return {
    get app() {
      return app;
    },
    get dataSource() {
      return dataSource;
    },
    /** Stops the app and starts it again on the same schema and topics, with settings changed. */
    async restart(overrides: Record<string, string> = {}): Promise<void> {
      await app.close();
      app = await boot(overrides);
      dataSource = app.get<DataSource>(getDataSourceToken());
      activity = app.get(CustomerActivityService);
    },
    db,
    topics,
    producer,
    /** Applies events as the consumer does: each in a transaction of its own. */
    async apply(...events: Record<string, unknown>[]): Promise<void> {
      for (const event of events) {
        await dataSource.transaction((tx) => activity.apply(parseDownstreamEvent(event), tx));
      }
    },
    async send(topic: string, ...events: (Record<string, unknown> & { eventId: string })[]) {
      await producer.send(
        topic,
        events.map((event) => ({
          key: String(event['customerId'] ?? event.eventId),
          value: JSON.stringify(event),
        })),
      );
    },
    async close() {
      await app.close();
      await producer.disconnect();
      await deleteTopics(brokers, Object.values(topics));
      await db.drop();
    },
  };
}

export type Crm = Awaited<ReturnType<typeof startCrm>>;

/** A resolved event from the golden fixture of `type`, for `customerId`, with overrides. */
export function resolvedEvent(
  type: string,
  customerId: string,
  options: {
    payload?: Record<string, unknown>;
    occurredAt?: Date | string;
    eventId?: string;
    channel?: string;
  } = {},
): Record<string, unknown> & { eventId: string } {
  const fixture = goldenFixture(type, 1);
  const eventId = options.eventId ?? `test-${randomUUID()}`;
  const occurredAt = options.occurredAt ?? new Date();
  return {
    ...fixture,
    eventId,
    customerId,
    correlationId: eventId,
    causationId: eventId,
    ...(options.channel === undefined ? {} : { channel: options.channel }),
    occurredAt: typeof occurredAt === 'string' ? occurredAt : occurredAt.toISOString(),
    payload: { ...(fixture['payload'] as object), ...options.payload },
  } as Record<string, unknown> & { eventId: string };
}

/** order.paid of `amount` CNY minor units. */
export const paid = (
  customerId: string,
  orderId: string,
  amount: number,
  occurredAt?: Date | string,
) =>
  resolvedEvent('order.paid', customerId, {
    payload: { orderId, amount: { amount, currency: 'CNY' } },
    occurredAt,
  });

export const refunded = (
  customerId: string,
  orderId: string,
  amount: number,
  occurredAt?: Date | string,
) =>
  resolvedEvent('order.refunded', customerId, {
    payload: { orderId, amount: { amount, currency: 'CNY' }, refundId: `rf-${randomUUID()}` },
    occurredAt,
  });

/** A profile change as identity publishes it. */
export function profileChange(
  type: 'profile.merged' | 'profile.split' | 'profile.erased',
  customerId: string,
  payload: Record<string, unknown>,
  eventVersion = 1,
): Record<string, unknown> & { eventId: string } {
  const eventId = `idr-test-${randomUUID()}`;
  return {
    eventId,
    type,
    version: eventVersion,
    occurredAt: new Date().toISOString(),
    customerId,
    correlationId: eventId,
    causationId: eventId,
    payload,
  };
}

export const eventKeyOf = (event: Record<string, unknown>) =>
  event['connectorId'] === undefined
    ? String(event['eventId'])
    : `${String(event['connectorId'])}:${String(event['eventId'])}`;

/** Polls until `check` passes (the consumer applies events asynchronously); no timing is asserted. */
export async function eventually<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
