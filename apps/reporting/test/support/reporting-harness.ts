import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import { goldenFixture } from '@omni/contracts';
import { createTopics, deleteTopics, KafkaProducer } from '@omni/messaging';
import {
  createTestApp,
  createTestDatabase,
  eventually,
  testInfra,
  uniqueSuffix,
} from '@omni/testing';
import type { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { reportingConfig } from '../../src/config/reporting-config';
import { migrations } from '../../src/migrations';
import { service } from '../../src/service';

export const ADMIN_TOKEN = 'test-reporting-admin-token-0123456789';
export const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

export type TestEvent = Record<string, unknown> & { eventId: string };

/** The real reporting app on a schema, topics and consumer group of this spec's own. */
export async function startReporting(env: Record<string, string> = {}) {
  const { brokers } = testInfra();
  const suffix = uniqueSuffix();
  const topics = {
    resolved: `reporting-${suffix}.resolved-events.v1`,
    changes: `reporting-${suffix}.profile-changes.v1`,
    alerts: `reporting-${suffix}.alerts.v1`,
  };
  await createTopics(brokers, [
    ...Object.values(topics).map((name) => ({ name, partitions: 3 })),
    { name: 'reporting.dlt.v1', partitions: 3 },
  ]);
  const db = await createTestDatabase({ service: service.name, migrations });
  const producer = new KafkaProducer({ brokers, clientId: `reporting-test-${suffix}` });
  const appEnv = {
    ...db.env,
    REPORTING_ADMIN_TOKEN: ADMIN_TOKEN,
    REPORTING_RESOLVED_EVENTS_TOPIC: topics.resolved,
    REPORTING_PROFILE_CHANGES_TOPIC: topics.changes,
    REPORTING_ALERTS_TOPIC: topics.alerts,
    // Tests evaluate alert rules at the times they choose.
    REPORTING_ALERT_EVALUATION_MS: '0',
    REPORTING_CONSUMER_GROUP: `reporting-${suffix}`,
    OUTBOX_POLL_INTERVAL_MS: '20',
    ...env,
  };
  const boot = (overrides: Record<string, string> = {}) =>
    createTestApp({
      module: AppModule,
      service,
      config: reportingConfig,
      env: { ...appEnv, ...overrides },
    });
  let app: NestFastifyApplication = await boot();
  let dataSource = app.get<DataSource>(getDataSourceToken());
  const count = async (sql: string, params: unknown[] = []) =>
    Number(((await dataSource.query(sql, params)) as { n: string }[])[0].n);
  return {
    get app() {
      return app;
    },
    get dataSource() {
      return dataSource;
    },
    topics,
    producer,
    db,
    count,
    async restart(overrides: Record<string, string> = {}): Promise<void> {
      await app.close();
      app = await boot(overrides);
      dataSource = app.get<DataSource>(getDataSourceToken());
    },
    async send(topic: string, ...events: TestEvent[]): Promise<void> {
      await producer.send(
        topic,
        events.map((event) => ({
          key: String(event['customerId'] ?? event.eventId),
          value: JSON.stringify(event),
        })),
      );
    },
    /** Waits until these events (their inbox rows) have been applied. */
    async applied(...events: TestEvent[]): Promise<void> {
      const eventIds = events.map(eventKeyOf);
      await eventually(
        async () =>
          (await count(`SELECT count(*) AS n FROM inbox WHERE event_id = ANY($1::text[])`, [
            eventIds,
          ])) >= eventIds.length
            ? true
            : undefined,
        `events ${eventIds.join(', ')} applied`,
      );
    },
    async get<T = unknown>(url: string): Promise<{ status: number; body: T }> {
      const response = await app.inject({ method: 'GET', url, headers: auth });
      return { status: response.statusCode, body: response.json() as T };
    },
    async post<T = unknown>(url: string, payload: unknown): Promise<{ status: number; body: T }> {
      const response = await app.inject({
        method: 'POST',
        url,
        headers: auth,
        payload: payload as object,
      });
      return { status: response.statusCode, body: response.json() as T };
    },
    async close() {
      await app.close();
      await producer.disconnect();
      await deleteTopics(brokers, Object.values(topics));
      await db.drop();
    },
  };
}

export type Reporting = Awaited<ReturnType<typeof startReporting>>;

type EventOptions = {
  payload?: Record<string, unknown>;
  at: string;
  channel?: string;
  campaignId?: string;
  experiments?: Record<string, string>;
  eventId?: string;
  /** The whole payload, instead of the fixture's with `payload` over it. */
  exactPayload?: Record<string, unknown>;
};

/** A resolved event from the golden fixture of `type`, for `customerId`, with overrides. */
export function resolved(type: string, customerId: string, options: EventOptions): TestEvent {
  const fixture = goldenFixture(type, 1);
  const eventId = options.eventId ?? `t-${randomUUID()}`;
  const fixtureContext = (fixture['context'] ?? {}) as Record<string, unknown>;
  const context: Record<string, unknown> = { ...fixtureContext };
  delete context['campaign'];
  if (options.campaignId !== undefined) context['campaign'] = { id: options.campaignId };
  if (options.experiments !== undefined) context['experiments'] = options.experiments;
  return {
    ...fixture,
    eventId,
    customerId,
    correlationId: eventId,
    causationId: eventId,
    channel: options.channel ?? 'web',
    occurredAt: options.at,
    context,
    payload: options.exactPayload ?? { ...(fixture['payload'] as object), ...options.payload },
  } as TestEvent;
}

export const cny = (amount: number) => ({ amount, currency: 'CNY' });

/** order.placed whose total is `total` CNY minor units. */
export function placed(
  customerId: string,
  orderId: string,
  total: number,
  options: EventOptions,
): TestEvent {
  const fixture = goldenFixture('order.placed', 1);
  const payload = { ...(fixture['payload'] as Record<string, unknown>) };
  delete payload['subtotal'];
  delete payload['discount'];
  delete payload['shipping'];
  return resolved('order.placed', customerId, {
    ...options,
    exactPayload: { ...payload, orderId, total: cny(total), ...options.payload },
  });
}

/** A profile change as identity publishes it. */
export function profileChange(
  type: 'profile.merged' | 'profile.split' | 'profile.erased',
  customerId: string,
  payload: Record<string, unknown>,
  version = 1,
): TestEvent {
  const eventId = `idr-${randomUUID()}`;
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

export const eventKeyOf = (event: TestEvent) =>
  event['connectorId'] === undefined
    ? event.eventId
    : `${String(event['connectorId'])}:${event.eventId}`;

export type KpiAnswer = {
  currency: string;
  rows: {
    bucketStart: string;
    channel?: string;
    campaignId?: string | null;
    metrics: Record<string, number | null>;
  }[];
  freshness: { eventTime: string | null; appliedAt: string | null };
};
