import { randomUUID } from 'node:crypto';
import { getDataSourceToken } from '@nestjs/typeorm';
import { parseDownstreamEvent } from '@omni/contracts';
import {
  downstreamEvent,
  serviceTestEnvironment,
  startServiceTestHarness,
  type DownstreamEventOptions,
  type ServiceTestEnvironment,
  type ServiceTestHarness,
  type TestEvent,
} from '@omni/testing';
import type { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { crmConfig } from '../../src/config/crm-config';
import { CustomerActivityService } from '../../src/customers/customer-activity.service';
import { migrations } from '../../src/migrations';
import { service } from '../../src/service';

export { eventually, pollUntil, processed, profileChange } from '@omni/testing';

export const ADMIN_TOKEN = 'test-crm-admin-token-0123456789';
export const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

/**
 * What an environment of crm's own is made of, for a spec or a bench: the service, its
 * migrations, and its consumer group and topics (each under a name of the environment's own).
 */
export const crmService = {
  service,
  migrations,
  consumerGroupSetting: crmConfig.consumerGroup.variable,
  topics: crmConfig.topics,
};

/** crm on topics, a consumer group and a schema of the spec's own. */
const crmUnderTest = {
  ...crmService,
  module: AppModule,
  config: crmConfig,
  prefix: 'crm',
  adminToken: ADMIN_TOKEN,
  env: { CRM_QUIET_HOURS: '', CRM_JOURNEY_SCHEDULER_POLL_MS: '50' },
};

type CrmTopicKey = keyof typeof crmUnderTest.topics;
export type CrmTopics = Record<CrmTopicKey, string>;
export type CrmTestEnvironment = ServiceTestEnvironment<CrmTopicKey>;
export type CrmHarness = ServiceTestHarness<CrmTopicKey>;

/** Topics, group and schema of the spec's own, for running crm as a process. */
export const crmTestEnvironment = (env: Record<string, string> = {}): Promise<CrmTestEnvironment> =>
  serviceTestEnvironment(crmUnderTest, env);

/** The real crm app in this process, consuming this spec's topics. */
export const startCrmHarness = (env: Record<string, string> = {}): Promise<CrmHarness> =>
  startServiceTestHarness(crmUnderTest, env);

export type Crm = CrmHarness & {
  readonly dataSource: DataSource;
  /** Applies events as the consumer does: each in a transaction of its own. */
  apply(...events: Record<string, unknown>[]): Promise<void>;
};

/**
 * crm without its scheduled points expiry and tier assessment, so a spec decides when they
 * run; `apply` hands events to the consumer's service directly, bypassing Kafka.
 */
export async function startCrm(env: Record<string, string> = {}): Promise<Crm> {
  const harness = await startCrmHarness({
    CRM_POINTS_EXPIRY_INTERVAL_MS: '0',
    CRM_TIER_ASSESSMENT_INTERVAL_MS: '0',
    ...env,
  });
  const dataSource = () => harness.app.get<DataSource>(getDataSourceToken());
  return Object.defineProperties(harness, {
    dataSource: { get: dataSource },
    apply: {
      value: async (...events: Record<string, unknown>[]) => {
        const activity = harness.app.get(CustomerActivityService);
        for (const event of events) {
          await dataSource().transaction((tx) => activity.apply(parseDownstreamEvent(event), tx));
        }
      },
    },
  }) as Crm;
}

/** A resolved event from the golden fixture of `type`, for `customerId`, with overrides. */
export const resolvedEvent = (
  type: string,
  customerId: string,
  options: Omit<DownstreamEventOptions, 'customerId'> = {},
): TestEvent => downstreamEvent(type, { ...options, customerId });

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

export const eventKeyOf = (event: Record<string, unknown>) =>
  event['connectorId'] === undefined
    ? String(event['eventId'])
    : `${String(event['connectorId'])}:${String(event['eventId'])}`;
