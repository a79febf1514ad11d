import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTopics, deleteTopics, KafkaProducer } from '@omni/messaging';
import {
  createTestApp,
  createTestDatabase,
  testInfra,
  uniqueSuffix,
  type TestDatabase,
} from '@omni/testing';
import { AppModule } from '../../src/app.module';
import { pricingConfig } from '../../src/config/pricing-config';
import { migrations } from '../../src/migrations';
import { service } from '../../src/service';

export const ADMIN_TOKEN = 'test-pricing-admin-token-0123456789';
export const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

export type PricingHarness = {
  db: TestDatabase;
  app: NestFastifyApplication;
  topics: { priceChanges: string; feed: string; dlt: string };
  producer: KafkaProducer;
  post(url: string, payload: object): ReturnType<NestFastifyApplication['inject']>;
  get(url: string): ReturnType<NestFastifyApplication['inject']>;
  close(): Promise<void>;
};

/** The real app on its own schema (real migrations) and its own price-changes topic. */
export async function startPricingHarness(
  env: Record<string, string> = {},
): Promise<PricingHarness> {
  const { brokers } = testInfra();
  const suffix = uniqueSuffix();
  const topics = {
    priceChanges: `prc-${suffix}.price-changes.v1`,
    feed: `prc-${suffix}.resolved-events.v1`,
    dlt: 'pricing.dlt.v1',
  };
  await createTopics(brokers, [
    { name: topics.priceChanges, partitions: 3 },
    { name: topics.feed, partitions: 3 },
    { name: topics.dlt, partitions: 3 },
  ]);
  const db = await createTestDatabase({ service: service.name, migrations });
  const app = await createTestApp({
    module: AppModule,
    service,
    config: pricingConfig,
    env: {
      ...db.env,
      PRICING_ADMIN_TOKEN: ADMIN_TOKEN,
      PRICING_PRICE_CHANGES_TOPIC: topics.priceChanges,
      PRICING_SALES_CHANNELS: 'tmall,jd,pos',
      PRICING_FEED_TOPIC: topics.feed,
      PRICING_FEED_GROUP_ID: `prc-${suffix}`,
      CONSUMER_MAX_ATTEMPTS: '2',
      PRICING_RULE_TICK_MS: '200',
      CONSUMER_INITIAL_BACKOFF_MS: '50',
      OUTBOX_POLL_INTERVAL_MS: '20',
      ...env,
    },
  });
  const producer = new KafkaProducer({ brokers, clientId: `prc-test-${suffix}` });
  return {
    db,
    app,
    topics,
    producer,
    post: (url, payload) => app.inject({ method: 'POST', url, headers: auth, payload }),
    get: (url) => app.inject({ method: 'GET', url, headers: auth }),
    async close() {
      await app.close();
      await producer.disconnect();
      await deleteTopics(brokers, [topics.priceChanges, topics.feed]);
      await db.drop();
    },
  };
}

/** Polls until `check` returns a value or the time runs out. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
