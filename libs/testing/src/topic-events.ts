import {
  createTopicReader,
  KafkaProducer,
  topicEndOffsets,
  type TopicMessage,
  type TopicReader,
} from '@omni/messaging';
import { eventually } from './eventually';
import { testInfra, uniqueSuffix } from './test-infra';

export type PublishedEvent = { eventId: string } & Record<string, unknown>;

/** The JSON events a reader has seen so far, in arrival order. */
export function eventsOn(reader: TopicReader): PublishedEvent[] {
  return reader.messages.map(
    (m) => JSON.parse((m.value as Buffer).toString('utf8')) as PublishedEvent,
  );
}

/**
 * Every event a reader has seen once `distinct` different eventIds have arrived, duplicates
 * included, so that a spec can tell "published once" from "published at least once".
 */
export function distinctEventsOn(
  reader: TopicReader,
  distinct: number,
  what: string,
  timeoutMs = 60_000,
): Promise<PublishedEvent[]> {
  return eventually(
    async () => {
      const events = eventsOn(reader);
      return new Set(events.map((event) => event.eventId)).size === distinct ? events : undefined;
    },
    what,
    timeoutMs,
  );
}

export type TopicClients = {
  producer: KafkaProducer;
  /** Reads `topic` from its beginning, from creation on. */
  reader: TopicReader;
  close(): Promise<void>;
};

/** A producer on the test broker with a client id of its own. */
export function testProducer(): KafkaProducer {
  return new KafkaProducer({
    brokers: testInfra().brokers,
    clientId: `omni-test-producer-${uniqueSuffix()}`,
  });
}

/** A reader of `topic` on the test broker from its beginning, with a client id of its own. */
export function testReader(topic: string): Promise<TopicReader> {
  return createTopicReader({
    brokers: testInfra().brokers,
    clientId: `omni-test-reader-${uniqueSuffix()}`,
    topic,
    fromBeginning: true,
  });
}

/**
 * Every message on `topic` up to the end offsets it has when asked, read from its beginning:
 * with the producer done, "published once" is exact.
 */
export async function messagesOn(topic: string): Promise<TopicMessage[]> {
  const ends = await topicEndOffsets({ brokers: testInfra().brokers }, topic);
  const total = [...ends.values()].reduce((sum, end) => sum + Number(end), 0);
  const reader = await testReader(topic);
  try {
    return await reader.waitForCount(total);
  } finally {
    await reader.close();
  }
}

/** A producer and a reader of `topic`, each with its own client id, for one spec. */
export async function topicClients(topic: string): Promise<TopicClients> {
  const producer = testProducer();
  const reader = await testReader(topic);
  return {
    producer,
    reader,
    async close() {
      await reader.close();
      await producer.disconnect();
    },
  };
}
