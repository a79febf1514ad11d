import { topicConfigEntries } from './topic-admin';

describe('topic configuration', () => {
  it('maps retention and cleanup policy to Kafka topic configs', () => {
    expect(
      topicConfigEntries({
        name: 't',
        partitions: 3,
        retentionMs: 86_400_000,
        cleanupPolicy: 'compact',
      }),
    ).toEqual([
      { name: 'retention.ms', value: '86400000' },
      { name: 'cleanup.policy', value: 'compact' },
    ]);
  });

  it('passes other configs through, letting the named fields win', () => {
    expect(
      topicConfigEntries({
        name: 't',
        partitions: 1,
        retentionMs: 5,
        config: { 'retention.ms': '1', 'segment.ms': '60000' },
      }),
    ).toEqual([
      { name: 'retention.ms', value: '5' },
      { name: 'segment.ms', value: '60000' },
    ]);
    expect(topicConfigEntries({ name: 't', partitions: 1 })).toEqual([]);
  });
});
