import {
  serviceTestEnvironment,
  startServiceTestHarness,
  type ServiceTestEnvironment,
  type ServiceTestHarness,
} from '@omni/testing';
import { AppModule } from '../../src/app.module';
import { pricingConfig } from '../../src/config/pricing-config';
import { migrations } from '../../src/migrations';
import { service } from '../../src/service';

export const ADMIN_TOKEN = 'test-pricing-admin-token-0123456789';
export const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

export { eventually } from '@omni/testing';

/** pricing's topics: the price changes it publishes and the feed of resolved events it reads. */
export const pricingTopics = { ...pricingConfig.topics, feed: pricingConfig.feeds.topic };

/** pricing on topics, a feed consumer group and a schema of the spec's own. */
const pricingUnderTest = {
  service,
  migrations,
  module: AppModule,
  config: pricingConfig,
  prefix: 'prc',
  adminToken: ADMIN_TOKEN,
  consumerGroupSetting: pricingConfig.feeds.groupId.variable,
  topics: pricingTopics,
  env: {
    PRICING_SALES_CHANNELS: 'tmall,jd,pos',
    CONSUMER_MAX_ATTEMPTS: '2',
    PRICING_RULE_TICK_MS: '200',
    CONSUMER_INITIAL_BACKOFF_MS: '50',
  },
};

export type PricingHarness = ServiceTestHarness<keyof typeof pricingUnderTest.topics>;

/** The real app on its own schema (real migrations) and its own price-changes topic. */
export const startPricingHarness = (env: Record<string, string> = {}): Promise<PricingHarness> =>
  startServiceTestHarness(pricingUnderTest, env);

export type PricingTestEnvironment = ServiceTestEnvironment<keyof typeof pricingUnderTest.topics>;

/** pricing's schema, topics and consumer group with no app: for specs that run main.ts. */
export const pricingTestEnvironment = (
  env: Record<string, string> = {},
): Promise<PricingTestEnvironment> => serviceTestEnvironment(pricingUnderTest, env);
