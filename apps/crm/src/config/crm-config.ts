import { env, setting } from '@omni/config';
import { TOPICS } from '@omni/contracts';
import { defineServiceConfig, type ServiceConfigOf } from '@omni/platform';
import { insightSettings } from '../insights/insight-settings';
import { journeySettings } from '../journeys/journey-settings';
import { service } from '../service';
import { loyaltySettings } from '../tiers/loyalty-settings';

/** The settings of crm, parsed once in main.ts; its features add theirs here. */
export const crmConfig = defineServiceConfig(service, {
  consumerGroup: setting(
    'CRM_CONSUMER_GROUP',
    env.string(service.name),
    'The one consumer group of every crm handler of resolved events and profile changes',
  ),
  consumer: {
    batchSize: setting(
      'CRM_CONSUMER_BATCH_SIZE',
      env.int(2_000, 1, 10_000),
      'Events of one partition applied per transaction; the statements of a batch do not grow with its events',
    ),
    partitionsConcurrently: setting(
      'CRM_PARTITIONS_CONCURRENTLY',
      env.int(3, 1, 64),
      'Partitions one replica applies at once, each in a transaction of its own (as replicas would)',
    ),
    offsetCommitIntervalMs: setting(
      'CRM_OFFSET_COMMIT_INTERVAL_MS',
      env.int(1_000, 0, 60_000),
      'Least time between Kafka offset commits (ms); uncommitted offsets are redelivered and the inbox skips them',
    ),
    batchAttempts: setting(
      'CRM_BATCH_ATTEMPTS',
      env.int(3, 1, 10),
      'Attempts at a whole batch (a lock wait or deadlock between partitions clears) before it is retried event by event',
    ),
  },
  topics: {
    resolvedEvents: setting(
      'CRM_RESOLVED_EVENTS_TOPIC',
      env.string(TOPICS.identityResolvedEvents.name),
      'Topic of identity-resolved channel events',
    ),
    profileChanges: setting(
      'CRM_PROFILE_CHANGES_TOPIC',
      env.string(TOPICS.identityProfileChanges.name),
      'Topic of profile merges, splits and erasures',
    ),
    customerChanges: setting(
      'CRM_CUSTOMER_CHANGES_TOPIC',
      env.string(TOPICS.crmCustomerChanges.name),
      'Topic crm publishes customer changes to (tiers, points, segment membership)',
    ),
    journeyTriggers: setting(
      'CRM_JOURNEY_TRIGGERS_TOPIC',
      env.string(TOPICS.crmJourneyTriggers.name),
      'Topic crm publishes fired journey steps to',
    ),
  },
  loyalty: loyaltySettings,
  journeys: journeySettings,
  insights: insightSettings,
});

export type CrmConfig = ServiceConfigOf<typeof crmConfig>;
