import { ConfigResourceTypes } from 'kafkajs';
import { testInfra, uniqueSuffix } from '@omni/testing';
import { deleteTopics, provisionTopics, withAdmin } from '../src/topics/topic-admin';

describe('topic provisioning', () => {
  const { brokers } = testInfra();
  const prefix = `msg-topics-${uniqueSuffix()}`;
  const events = { name: `${prefix}.events.v1`, partitions: 3, retentionMs: 3_600_000 };
  const profiles = {
    name: `${prefix}.profiles.v1`,
    partitions: 1,
    cleanupPolicy: 'compact' as const,
    config: { 'min.compaction.lag.ms': '1000' },
  };
  const later = { name: `${prefix}.later.v1`, partitions: 2 };
  const options = { brokers, clientId: 'omni-test' };

  afterAll(() => deleteTopics(brokers, [events.name, profiles.name, later.name]));

  it('creates topics with the requested partitions and configs', async () => {
    expect(await provisionTopics(options, [events, profiles])).toEqual({
      created: [events.name, profiles.name],
      existing: [],
    });

    const described = await withAdmin(options, async (admin) => {
      const { topics } = await admin.fetchTopicMetadata({ topics: [events.name, profiles.name] });
      const configs = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [events.name, profiles.name].map((name) => ({
          type: ConfigResourceTypes.TOPIC,
          name,
        })),
      });
      return { topics, configs: configs.resources };
    });
    const partitions = new Map(described.topics.map((t) => [t.name, t.partitions.length]));
    expect(partitions).toEqual(
      new Map([
        [events.name, 3],
        [profiles.name, 1],
      ]),
    );
    const config = (topic: string, name: string) =>
      described.configs
        .find((r) => r.resourceName === topic)
        ?.configEntries.find((e) => e.configName === name)?.configValue;
    expect(config(events.name, 'retention.ms')).toBe('3600000');
    expect(config(events.name, 'cleanup.policy')).toBe('delete');
    expect(config(profiles.name, 'cleanup.policy')).toBe('compact');
    expect(config(profiles.name, 'min.compaction.lag.ms')).toBe('1000');
  });

  it('is idempotent: running it again creates only what is missing', async () => {
    expect(await provisionTopics(options, [events, profiles])).toEqual({
      created: [],
      existing: [events.name, profiles.name],
    });
    expect(await provisionTopics(options, [events, later])).toEqual({
      created: [later.name],
      existing: [events.name],
    });
  });
});
