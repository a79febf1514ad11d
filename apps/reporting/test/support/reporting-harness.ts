import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import { goldenFixture } from '@omni/contracts';
import {
  downstreamEvent,
  eventually,
  processed,
  startServiceTestHarness,
  type TestEvent,
} from '@omni/testing';
import type { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { reportingConfig } from '../../src/config/reporting-config';
import { migrations } from '../../src/migrations';
import { service } from '../../src/service';

export const ADMIN_TOKEN = 'test-reporting-admin-token-0123456789';
export const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

export type { TestEvent } from '@omni/testing';
export { profileChange } from '@omni/testing';

/** reporting on topics, a consumer group and a schema of the spec's own. */
const reportingUnderTest = {
  service,
  migrations,
  module: AppModule,
  config: reportingConfig,
  prefix: 'reporting',
  adminToken: ADMIN_TOKEN,
  consumerGroupSetting: reportingConfig.consumerGroup.variable,
  topics: reportingConfig.topics,
  // Tests evaluate alert rules at the times they choose.
  env: { REPORTING_ALERT_EVALUATION_MS: '0' },
};

/**
 * The real reporting app on a schema, topics and consumer group of this spec's own, answering
 * HTTP as `{ status, body }`.
 */
export async function startReporting(env: Record<string, string> = {}) {
  const harness = await startServiceTestHarness(reportingUnderTest, env);
  const dataSource = () => harness.app.get<DataSource>(getDataSourceToken());
  const count = async (sql: string, params: unknown[] = []) =>
    Number(((await dataSource().query(sql, params)) as { n: string }[])[0].n);
  const answer = <T>(response: Awaited<ReturnType<NestFastifyApplication['inject']>>) => ({
    status: response.statusCode,
    body: response.json() as T,
  });
  return {
    get app() {
      return harness.app;
    },
    get dataSource() {
      return dataSource();
    },
    topics: harness.topics,
    producer: harness.producer,
    db: harness.db,
    count,
    restart: harness.restart,
    send: harness.send,
    /** Waits until these events (their inbox rows) have been applied. */
    async applied(...events: TestEvent[]): Promise<void> {
      await eventually(
        () => processed(harness.db, events),
        `events ${events.map(eventKeyOf).join(', ')} applied`,
      );
    },
    async get<T = unknown>(url: string): Promise<{ status: number; body: T }> {
      return answer<T>(await harness.get(url));
    },
    async post<T = unknown>(url: string, payload: unknown): Promise<{ status: number; body: T }> {
      return answer<T>(await harness.post(url, payload as object));
    },
    close: harness.close,
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
  const event = downstreamEvent(type, {
    customerId,
    eventId: options.eventId,
    channel: options.channel ?? 'web',
    occurredAt: options.at,
    payload: options.payload,
  });
  const context: Record<string, unknown> = { ...(event['context'] as object | undefined) };
  delete context['campaign'];
  if (options.campaignId !== undefined) context['campaign'] = { id: options.campaignId };
  if (options.experiments !== undefined) context['experiments'] = options.experiments;
  return { ...event, context, payload: options.exactPayload ?? event['payload'] };
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

/** An event as promotions or pricing publishes it: a service event, no identifiers. */
export function serviceEvent(
  type: string,
  customerId: string | undefined,
  at: string,
  payload: Record<string, unknown>,
  eventId = `svc-${randomUUID()}`,
): TestEvent {
  return {
    eventId,
    type,
    version: 1,
    occurredAt: at,
    identifiers: {},
    ...(customerId === undefined ? {} : { customerId }),
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
