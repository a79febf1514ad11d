import type { Admin, IResourceConfigEntry } from 'kafkajs';
import { createKafka, type KafkaClientOptions } from '../kafka-client';
import type { TopicSpec } from '../topic-spec';

export type ProvisionResult = { created: string[]; existing: string[] };

export async function withAdmin<R>(
  options: KafkaClientOptions,
  fn: (admin: Admin) => Promise<R>,
): Promise<R> {
  const admin = createKafka(options, 'admin').admin();
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect();
  }
}

export function topicConfigEntries(spec: TopicSpec): IResourceConfigEntry[] {
  const config: Record<string, string> = { ...spec.config };
  if (spec.retentionMs !== undefined) config['retention.ms'] = String(spec.retentionMs);
  if (spec.cleanupPolicy !== undefined) config['cleanup.policy'] = spec.cleanupPolicy;
  return Object.entries(config).map(([name, value]) => ({ name, value }));
}

/**
 * Creates the topics that do not exist yet, with their partitions and configs, and waits
 * for their leaders. Existing topics are left as they are: changing a partition count
 * would move keys between partitions and break per-key order.
 */
export async function provisionTopics(
  options: KafkaClientOptions,
  topics: TopicSpec[],
): Promise<ProvisionResult> {
  return withAdmin(options, async (admin) => {
    const present = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !present.has(t.name));
    const existing = topics.filter((t) => present.has(t.name)).map((t) => t.name);
    if (missing.length === 0) return { created: [], existing };
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((spec) => ({
        topic: spec.name,
        numPartitions: spec.partitions,
        configEntries: topicConfigEntries(spec),
      })),
    });
    // Another replica may have created some of them at the same moment; both outcomes are fine.
    return { created: missing.map((t) => t.name), existing };
  });
}

/** For tests: unique topics per spec file, since the broker does not auto-create them. */
export function createTopics(brokers: string[], specs: TopicSpec[]): Promise<ProvisionResult> {
  return provisionTopics({ brokers, clientId: 'omni-test' }, specs);
}

export async function deleteTopics(brokers: string[], names: string[]): Promise<void> {
  if (names.length === 0) return;
  await withAdmin({ brokers, clientId: 'omni-test' }, async (admin) => {
    const present = new Set(await admin.listTopics());
    const doomed = names.filter((n) => present.has(n));
    if (doomed.length > 0) await admin.deleteTopics({ topics: doomed });
  });
}

/** The end offset of every partition of every topic on the cluster. */
export async function allTopicEndOffsets(
  options: KafkaClientOptions,
): Promise<Record<string, Record<number, string>>> {
  return withAdmin(options, async (admin) => {
    const topics = (await admin.listTopics()).filter((t) => !t.startsWith('__'));
    const result: Record<string, Record<number, string>> = {};
    for (const topic of topics) {
      try {
        const offsets = await admin.fetchTopicOffsets(topic);
        result[topic] = Object.fromEntries(offsets.map((o) => [o.partition, o.high]));
      } catch (error) {
        // Deleted since it was listed (another run's cleanup): it has no offsets to record.
        if ((await admin.listTopics()).includes(topic)) throw error;
      }
    }
    return result;
  });
}

/** The next offset to be written on each partition of a topic. */
export async function topicEndOffsets(
  options: KafkaClientOptions,
  topic: string,
): Promise<Map<number, string>> {
  return withAdmin(options, async (admin) => {
    const offsets = await admin.fetchTopicOffsets(topic);
    return new Map(offsets.map((o) => [o.partition, o.high]));
  });
}
