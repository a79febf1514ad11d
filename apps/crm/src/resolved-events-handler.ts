import { decodeDownstreamMessage } from '@omni/contracts';
import type { CrmConfig } from './config/crm-config';

/**
 * The `@EventHandler` options of every crm handler of resolved events: crm's one consumer
 * group (`CRM_CONSUMER_GROUP`, which also reads profile changes) and its consumer settings, so
 * the handlers never disagree on them.
 */
export const resolvedEventsHandler = ({ topics, consumerGroup, consumer }: CrmConfig) => ({
  topic: topics.resolvedEvents,
  groupId: consumerGroup,
  batch: true as const,
  decode: decodeDownstreamMessage,
  maxBatchSize: consumer.batchSize,
  partitionsConsumedConcurrently: consumer.partitionsConcurrently,
  commitIntervalMs: consumer.offsetCommitIntervalMs,
  batchAttempts: consumer.batchAttempts,
});
