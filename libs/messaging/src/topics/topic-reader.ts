import { randomUUID } from 'node:crypto';
import { decodeHeaders } from '../producer/message-encoding';
import { createKafka, type KafkaClientOptions } from '../kafka-client';
import { topicEndOffsets, withAdmin } from './topic-admin';

export type TopicMessage = {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  timestamp: string;
};

export type TopicReaderOptions = KafkaClientOptions & {
  topic: string;
  /** true: everything on the topic; false (default): only messages written after creation. */
  fromBeginning?: boolean;
  /** Read from these offsets per partition instead (partitions not listed start at 0). */
  startOffsets?: ReadonlyMap<number, string>;
};

/** Reads a topic in the background, for tests and tools. Never commits offsets. */
export type TopicReader = {
  /** Every message read so far, in arrival order. */
  readonly messages: readonly TopicMessage[];
  waitFor(predicate: (message: TopicMessage) => boolean, timeoutMs?: number): Promise<TopicMessage>;
  waitForCount(count: number, timeoutMs?: number): Promise<TopicMessage[]>;
  close(): Promise<void>;
};

type Waiter = { check: () => boolean; fail: (error: Error) => void };

export async function createTopicReader(options: TopicReaderOptions): Promise<TopicReader> {
  // "From now" is fixed by the end offsets at creation, not by when the group happens to join.
  const startOffsets =
    options.startOffsets ??
    (options.fromBeginning
      ? new Map<number, string>()
      : await topicEndOffsets(options, options.topic));
  const groupId = `omni-reader-${randomUUID()}`;
  const consumer = createKafka(options, 'reader').consumer({
    groupId,
    allowAutoTopicCreation: false,
    maxWaitTimeInMs: 500,
  });
  const messages: TopicMessage[] = [];
  const waiters = new Set<Waiter>();
  const notify = () => {
    for (const waiter of waiters) if (waiter.check()) waiters.delete(waiter);
  };

  await consumer.connect();
  await consumer.subscribe({ topics: [options.topic], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      const from = BigInt(startOffsets.get(batch.partition) ?? '0');
      for (const m of batch.messages) {
        if (BigInt(m.offset) < from) continue;
        messages.push({
          topic: batch.topic,
          partition: batch.partition,
          offset: m.offset,
          key: m.key?.toString('utf8') ?? null,
          value: m.value,
          headers: decodeHeaders(m.headers),
          timestamp: m.timestamp,
        });
      }
      notify();
    },
  });
  // Jump to the start offsets instead of fetching and skipping everything before them.
  for (const [partition, offset] of startOffsets)
    consumer.seek({ topic: options.topic, partition, offset });

  const wait = <R>(describe: string, timeoutMs: number, result: () => R | undefined): Promise<R> =>
    new Promise<R>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(
          new Error(
            `timed out after ${timeoutMs} ms waiting for ${describe} on ${options.topic} (read ${messages.length})`,
          ),
        );
      }, timeoutMs);
      const waiter: Waiter = {
        check: () => {
          const found = result();
          if (found === undefined) return false;
          clearTimeout(timer);
          resolve(found);
          return true;
        },
        fail: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      if (!waiter.check()) waiters.add(waiter);
    });

  return {
    messages,
    waitFor: (predicate, timeoutMs = 30_000) =>
      wait('a matching message', timeoutMs, () => messages.find(predicate)),
    waitForCount: (count, timeoutMs = 30_000) =>
      wait(`${count} messages`, timeoutMs, () =>
        messages.length >= count ? messages.slice() : undefined,
      ),
    async close() {
      for (const waiter of waiters) waiter.fail(new Error(`reader for ${options.topic} closed`));
      waiters.clear();
      await consumer.disconnect();
      // The throw-away group would otherwise linger on the broker until it expires.
      await withAdmin(options, (admin) => admin.deleteGroups([groupId])).catch(() => undefined);
    },
  };
}
