import { setting } from '@omni/config';
import { TOPICS } from '@omni/contracts';
import { defineServiceConfig, type ServiceConfigOf } from '@omni/platform';
import { insightSettings } from '../insights/insight-settings';
import { journeySettings } from '../journeys/journey-settings';
import { service } from '../service';
import { loyaltySettings } from '../tiers/loyalty-settings';

/** The settings of crm, parsed once in main.ts; its features add theirs here. */
export const crmConfig = defineServiceConfig(
  service,
  {
    consumerGroup: setting.text('CRM_CONSUMER_GROUP', service.name),
    consumer: {
      batchSize: setting.int('CRM_CONSUMER_BATCH_SIZE', 2_000, 1, 10_000),
      partitionsConcurrently: setting.int('CRM_PARTITIONS_CONCURRENTLY', 3, 1, 64),
      offsetCommitIntervalMs: setting.int('CRM_OFFSET_COMMIT_INTERVAL_MS', 1_000, 0, 60_000),
      batchAttempts: setting.int('CRM_BATCH_ATTEMPTS', 3, 1, 10),
    },
    topics: {
      resolvedEvents: setting.topic('CRM_RESOLVED_EVENTS_TOPIC', TOPICS.identityResolvedEvents),
      profileChanges: setting.topic('CRM_PROFILE_CHANGES_TOPIC', TOPICS.identityProfileChanges),
      customerChanges: setting.topic('CRM_CUSTOMER_CHANGES_TOPIC', TOPICS.crmCustomerChanges),
      journeyTriggers: setting.topic('CRM_JOURNEY_TRIGGERS_TOPIC', TOPICS.crmJourneyTriggers),
    },
    loyalty: loyaltySettings,
    journeys: journeySettings,
    insights: insightSettings,
  },
  {
    CRM_CONSUMER_GROUP:
      'The one consumer group of every crm handler of resolved events and profile changes',
    CRM_CONSUMER_BATCH_SIZE:
      'Events of one partition applied per transaction; the statements of a batch do not grow with its events',
    CRM_PARTITIONS_CONCURRENTLY:
      'Partitions one replica applies at once, each in a transaction of its own (as replicas would)',
    CRM_OFFSET_COMMIT_INTERVAL_MS:
      'Least time between Kafka offset commits (ms); uncommitted offsets are redelivered and the inbox skips them',
    CRM_BATCH_ATTEMPTS:
      'Attempts at a whole batch (a lock wait or deadlock between partitions clears) before it is retried event by event',
    CRM_RESOLVED_EVENTS_TOPIC: 'Topic of identity-resolved channel events',
    CRM_PROFILE_CHANGES_TOPIC: 'Topic of profile merges, splits and erasures',
    CRM_CUSTOMER_CHANGES_TOPIC:
      'Topic crm publishes customer changes to (tiers, points, segment membership)',
    CRM_JOURNEY_TRIGGERS_TOPIC: 'Topic crm publishes fired journey steps to',
  },
);

export type CrmConfig = ServiceConfigOf<typeof crmConfig>;
