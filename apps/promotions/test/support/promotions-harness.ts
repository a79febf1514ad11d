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
import { promotionsConfig } from '../../src/config/promotions-config';
import { migrations } from '../../src/migrations';
import { service } from '../../src/service';

export const ADMIN_TOKEN = 'test-promotions-admin-token-0123456789';
export const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

export type PromotionsTopics = {
  prices: string;
  customerChanges: string;
  resolved: string;
  profileChanges: string;
  journeyTriggers: string;
  redemptions: string;
  offers: string;
};

export type PromotionsHarness = {
  db: TestDatabase;
  app: NestFastifyApplication;
  topics: PromotionsTopics;
  producer: KafkaProducer;
  post(url: string, payload: object, actor?: string): ReturnType<NestFastifyApplication['inject']>;
  get(url: string): ReturnType<NestFastifyApplication['inject']>;
  close(): Promise<void>;
};

/** The real app on its own schema (real migrations), topics and consumer group. */
export async function startPromotionsHarness(
  env: Record<string, string> = {},
): Promise<PromotionsHarness> {
  const { brokers } = testInfra();
  const suffix = uniqueSuffix();
  const topics: PromotionsTopics = {
    prices: `prm-${suffix}.price-changes.v1`,
    customerChanges: `prm-${suffix}.customer-changes.v1`,
    resolved: `prm-${suffix}.resolved-events.v1`,
    profileChanges: `prm-${suffix}.profile-changes.v1`,
    journeyTriggers: `prm-${suffix}.journey-triggers.v1`,
    redemptions: `prm-${suffix}.redemptions.v1`,
    offers: `prm-${suffix}.offers.v1`,
  };
  await createTopics(brokers, [
    ...Object.values(topics).map((name) => ({ name, partitions: 3 })),
    { name: 'promotions.dlt.v1', partitions: 3 },
  ]);
  const db = await createTestDatabase({ service: service.name, migrations });
  const app = await createTestApp({
    module: AppModule,
    service,
    config: promotionsConfig,
    env: {
      ...db.env,
      PROMOTIONS_ADMIN_TOKEN: ADMIN_TOKEN,
      PROMOTIONS_PRICE_CHANGES_TOPIC: topics.prices,
      PROMOTIONS_CUSTOMER_CHANGES_TOPIC: topics.customerChanges,
      PROMOTIONS_RESOLVED_EVENTS_TOPIC: topics.resolved,
      PROMOTIONS_PROFILE_CHANGES_TOPIC: topics.profileChanges,
      PROMOTIONS_JOURNEY_TRIGGERS_TOPIC: topics.journeyTriggers,
      PROMOTIONS_REDEMPTIONS_TOPIC: topics.redemptions,
      PROMOTIONS_OFFERS_TOPIC: topics.offers,
      PROMOTIONS_CONSUMER_GROUP: `prm-${suffix}`,
      OUTBOX_POLL_INTERVAL_MS: '20',
      CONSUMER_MAX_ATTEMPTS: '2',
      CONSUMER_INITIAL_BACKOFF_MS: '50',
      ...env,
    },
  });
  const producer = new KafkaProducer({ brokers, clientId: `prm-test-${suffix}` });
  return {
    db,
    app,
    topics,
    producer,
    post: (url, payload, actor) =>
      app.inject({
        method: 'POST',
        url,
        headers: { ...auth, ...(actor === undefined ? {} : { 'x-omni-actor': actor }) },
        payload,
      }),
    get: (url) => app.inject({ method: 'GET', url, headers: auth }),
    async close() {
      await app.close();
      await producer.disconnect();
      await deleteTopics(brokers, Object.values(topics));
      await db.drop();
    },
  };
}

/** A downstream event from the golden fixture of `type`, with overrides. */
export function downstreamEvent(
  type: string,
  options: {
    customerId?: string;
    payload?: Record<string, unknown>;
    occurredAt?: Date;
    eventId?: string;
    channel?: string;
  } = {},
): Record<string, unknown> & { eventId: string } {
  const fixture = goldenFixture(type, 1);
  const eventId = options.eventId ?? `test-${randomUUID()}`;
  return {
    ...fixture,
    eventId,
    ...(options.customerId === undefined ? {} : { customerId: options.customerId }),
    correlationId: eventId,
    causationId: eventId,
    ...(options.channel === undefined ? {} : { channel: options.channel }),
    occurredAt: (options.occurredAt ?? new Date()).toISOString(),
    payload: { ...(fixture.payload as object), ...options.payload },
  } as Record<string, unknown> & { eventId: string };
}

export async function send(
  producer: KafkaProducer,
  topic: string,
  key: (event: Record<string, unknown>) => string,
  ...events: Record<string, unknown>[]
): Promise<void> {
  await producer.send(
    topic,
    events.map((value) => ({ key: key(value), value })),
  );
}

/** Polls until `probe` returns a value that is not undefined. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const change = { reason: 'integration test' };

/** A live campaign with the given promotions, written by one person and approved by another. */
export async function liveCampaign(
  h: PromotionsHarness,
  promotions: object[],
  campaign: Record<string, unknown> = {},
): Promise<{ id: string; promotionIds: string[] }> {
  const created = await h.post(
    '/v1/campaigns',
    {
      name: 'test campaign',
      channels: ['tmall', 'jd'],
      currency: 'CNY',
      timeZone: 'Asia/Shanghai',
      startsAt: new Date(Date.now() - 3_600_000).toISOString(),
      endsAt: new Date(Date.now() + 86_400_000).toISOString(),
      ...campaign,
      ...change,
    },
    'ops:author',
  );
  if (created.statusCode !== 201) throw new Error(`campaign: ${created.body}`);
  const id = created.json().id as string;
  let promotionIds: string[] = [];
  for (const promotion of promotions) {
    const added = await h.post(
      `/v1/campaigns/${id}/promotions`,
      { ...promotion, ...change },
      'ops:author',
    );
    if (added.statusCode !== 201) throw new Error(`promotion: ${added.body}`);
    promotionIds = (added.json().promotions as { id: string }[]).map((entry) => entry.id);
  }
  const approved = await h.post(`/v1/campaigns/${id}/approve`, change, 'ops:approver');
  if (approved.statusCode !== 200) throw new Error(`approve: ${approved.body}`);
  const launched = await h.post(`/v1/campaigns/${id}/launch`, change, 'ops:approver');
  if (launched.statusCode !== 200) throw new Error(`launch: ${launched.body}`);
  return { id, promotionIds };
}

/** True once every event is in the inbox (applied by the consumer group). */
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
  return rows[0]?.n === new Set(keys).size ? true : undefined;
}

/** A live campaign whose draft `build` fills (promotions, offer rules) before approval. */
export async function liveCampaignWith(
  h: PromotionsHarness,
  build: (campaignId: string) => Promise<void>,
  campaign: Record<string, unknown> = {},
): Promise<string> {
  const created = await h.post(
    '/v1/campaigns',
    {
      name: 'test campaign',
      channels: ['tmall', 'jd', 'sms', 'app'],
      currency: 'CNY',
      timeZone: 'Asia/Shanghai',
      startsAt: new Date(Date.now() - 3_600_000).toISOString(),
      endsAt: new Date(Date.now() + 86_400_000).toISOString(),
      ...campaign,
      ...change,
    },
    'ops:author',
  );
  if (created.statusCode !== 201) throw new Error(`campaign: ${created.body}`);
  const id = created.json().id as string;
  await build(id);
  for (const step of ['approve', 'launch']) {
    const moved = await h.post(`/v1/campaigns/${id}/${step}`, change, 'ops:approver');
    if (moved.statusCode !== 200) throw new Error(`${step}: ${moved.body}`);
  }
  return id;
}
