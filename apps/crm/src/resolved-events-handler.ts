import type { TopicHandlerSettings } from '@omni/platform';
import type { CrmConfig } from './config/crm-config';

/**
 * The consumer settings of every crm handler of resolved events, in crm's one consumer group
 * (`CRM_CONSUMER_GROUP`, which also reads profile changes), so the handlers never disagree on them.
 */
export const resolvedEventsSettings = ({ consumer }: CrmConfig): TopicHandlerSettings => ({
  maxBatchSize: consumer.batchSize,
  partitionsConsumedConcurrently: consumer.partitionsConcurrently,
  commitIntervalMs: consumer.offsetCommitIntervalMs,
  batchAttempts: consumer.batchAttempts,
});
