import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { KafkaProducer } from '@omni/messaging';
import { startServiceTestHarness, type ServiceTestHarness } from '@omni/testing';
import { AppModule } from '../../src/app.module';
import { promotionsConfig } from '../../src/config/promotions-config';
import { migrations } from '../../src/migrations';
import { service } from '../../src/service';

export const ADMIN_TOKEN = 'test-promotions-admin-token-0123456789';
export const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

export { downstreamEvent, eventually, processed } from '@omni/testing';

/** The audited change's reason the tests send. */
export const change = { reason: 'integration test' };

let counter = 0;
/** A name no other test or run has used: a coupon code, a SKU, a customer id. */
export const unique = (prefix: string): string =>
  `${prefix}${Date.now().toString(36).toUpperCase()}${(counter += 1)}`;

/** promotions on topics, a consumer group and a schema of the spec's own. */
const promotionsUnderTest = {
  service,
  migrations,
  module: AppModule,
  config: promotionsConfig,
  prefix: 'prm',
  adminToken: ADMIN_TOKEN,
  consumerGroupSetting: promotionsConfig.consumerGroup.variable,
  topics: promotionsConfig.topics,
  env: { CONSUMER_MAX_ATTEMPTS: '2', CONSUMER_INITIAL_BACKOFF_MS: '50' },
};

type PromotionsTopicKey = keyof typeof promotionsUnderTest.topics;
export type PromotionsTopics = Record<PromotionsTopicKey, string>;

export type PromotionsHarness = Omit<ServiceTestHarness<PromotionsTopicKey>, 'post'> & {
  /** With the admin token, and as `actor` (X-Omni-Actor) when given. */
  post(url: string, payload: object, actor?: string): ReturnType<NestFastifyApplication['inject']>;
};

/** The real app on its own schema (real migrations), topics and consumer group. */
export async function startPromotionsHarness(
  env: Record<string, string> = {},
): Promise<PromotionsHarness> {
  const harness = await startServiceTestHarness(promotionsUnderTest, env);
  const post = harness.post;
  return Object.defineProperty(harness, 'post', {
    value: (url: string, payload: object, actor?: string) =>
      post(url, payload, actor === undefined ? {} : { 'x-omni-actor': actor }),
  }) as PromotionsHarness;
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
