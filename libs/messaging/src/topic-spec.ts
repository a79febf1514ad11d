/**
 * What messaging needs to know to create a topic. Entries of the contract catalog
 * (`TopicDefinition`) satisfy this shape structurally.
 */
export type TopicSpec = {
  name: string;
  partitions: number;
  retentionMs?: number;
  cleanupPolicy?: 'delete' | 'compact';
  /** Any other topic-level config, e.g. `{ 'min.compaction.lag.ms': '60000' }`. */
  config?: Record<string, string>;
};
