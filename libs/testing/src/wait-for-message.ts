import { createTopicReader } from '@omni/messaging';
import { testInfra } from './test-infra';

export type ReceivedMessage<T> = {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: T;
  headers: Record<string, string>;
};

/**
 * Where `topic` ended when this test run started (recorded by the global setup): "from the
 * beginning" means from the beginning of this run, not of everything a shared broker holds.
 */
function offsetsAtRunStart(topic: string): Map<number, string> | undefined {
  const recorded = process.env.OMNI_TEST_TOPIC_OFFSETS;
  const partitions = recorded
    ? (JSON.parse(recorded) as Record<string, Record<string, string>>)[topic]
    : undefined;
  return partitions
    ? new Map(Object.entries(partitions).map(([p, o]) => [Number(p), o]))
    : undefined;
}

/**
 * Resolves with the first message on `topic` whose JSON value matches `predicate` (values
 * that are not JSON never match). Reads from where the topic stood when this test run started, so a message
 * published before the call is found too; with `fromBeginning: false`, messages already on
 * the topic when the reader starts are skipped.
 */
export async function waitForMessage<T = unknown>(
  topic: string,
  predicate: (message: {
    key: string | null;
    value: T;
    headers: Record<string, string>;
  }) => boolean,
  options: { timeoutMs?: number; fromBeginning?: boolean } = {},
): Promise<ReceivedMessage<T>> {
  const fromBeginning = options.fromBeginning ?? true;
  const reader = await createTopicReader({
    brokers: testInfra().brokers,
    clientId: 'omni-test',
    topic,
    fromBeginning,
    startOffsets: fromBeginning ? offsetsAtRunStart(topic) : undefined,
  });
  const parsed = (value: Buffer | null): T | undefined => {
    if (value === null) return undefined;
    try {
      return JSON.parse(value.toString('utf8')) as T;
    } catch {
      return undefined;
    }
  };
  try {
    const found = await reader.waitFor((m) => {
      const value = parsed(m.value);
      return value !== undefined && predicate({ key: m.key, value, headers: m.headers });
    }, options.timeoutMs ?? 30_000);
    return {
      topic: found.topic,
      partition: found.partition,
      offset: found.offset,
      key: found.key,
      headers: found.headers,
      value: parsed(found.value) as T,
    };
  } finally {
    await reader.close();
  }
}
