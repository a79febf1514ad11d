import { createHash } from 'node:crypto';
import { HEADERS } from '@omni/contracts';
import { createTestDatabase, testInfra, uniqueSuffix, type TestDatabase } from '@omni/testing';
import { deadLetterTopicFor } from '../src/messaging-headers';
import { Outbox, type OutboxMessage } from '../src/outbox/outbox.service';
import { OutboxRelay } from '../src/outbox/outbox-relay.service';
import { KafkaProducer } from '../src/producer/kafka-producer';
import { createTopics, deleteTopics } from '../src/topics/topic-admin';
import { createTopicReader, type TopicMessage } from '../src/topics/topic-reader';
import { MessagingTestTables1700000000000 } from './support/messaging-test.migration';
import {
  expectPerKeyOrder,
  jsonValue,
  waitUntil,
  type AmountEvent,
} from './support/messaging-test-kit';

// Kafka's default max.message.bytes (the broker under test runs with it).
const BROKER_LIMIT = 1_048_588;

describe('outbox messages and batches bigger than Kafka takes', () => {
  const { brokers } = testInfra();
  const service = `msg-oversize-${uniqueSuffix()}`;
  const topic = `${service}.events.v1`;
  const single = `${service}.single.v1`;
  const deadLetterTopic = deadLetterTopicFor(service);
  const outbox = new Outbox();
  let db: TestDatabase;
  let producer: KafkaProducer;

  beforeAll(async () => {
    db = await createTestDatabase({
      service: 'msgo',
      migrations: [MessagingTestTables1700000000000],
    });
    await createTopics(brokers, [
      { name: topic, partitions: 3 },
      { name: single, partitions: 1 },
      { name: deadLetterTopic, partitions: 1 },
    ]);
    producer = new KafkaProducer({ brokers, clientId: service });
  });

  afterAll(async () => {
    await producer.disconnect();
    await deleteTopics(brokers, [topic, single, deadLetterTopic]);
    await db.drop();
  });

  const event = (to: string, key: string, seq: number, filler = 0): OutboxMessage => ({
    topic: to,
    key,
    value: { eventId: `${key}-${seq}`, account: key, amount: 1, seq, filler: 'x'.repeat(filler) },
  });

  const relayUntilEmpty = async () => {
    const relay = new OutboxRelay(db.dataSource, producer, { service, pollIntervalMs: 20 });
    relay.start();
    try {
      await waitUntil(async () => (await relay.lag()).rows === 0, 30_000, 'the outbox is empty');
    } finally {
      await relay.stop();
    }
    return relay.publishedCount;
  };

  const read = async (name: string, count: number): Promise<TopicMessage[]> => {
    const reader = await createTopicReader({ brokers, topic: name, fromBeginning: true });
    try {
      await reader.waitForCount(count, 20_000);
      // Anything published twice would arrive right behind.
      await new Promise((resolve) => setTimeout(resolve, 500));
      return [...reader.messages];
    } finally {
      await reader.close();
    }
  };

  it('a claimed batch above the broker limit goes out in several requests, in key order', async () => {
    // One key, so one partition: 1,000 messages of 1.5 kB are one 1.5 MB record batch unsplit.
    await db.dataSource.transaction((tx) =>
      outbox.enqueueMany(
        tx,
        Array.from({ length: 1_000 }, (_, seq) => event(single, 'hot', seq, 1_500)),
      ),
    );
    const [{ bytes }] = await db.dataSource.query(
      `SELECT sum(length(value))::int AS bytes FROM outbox`,
    );
    expect(bytes).toBeGreaterThan(BROKER_LIMIT);

    expect(await relayUntilEmpty()).toBe(1_000);
    const published = await read(single, 1_000);
    expect(published).toHaveLength(1_000);
    expectPerKeyOrder(published, ['hot'], 1_000);
  });

  it('messages that can never fit are dead-lettered, in a form that fits, and the messages behind them on their key still go out in order', async () => {
    // Two in one bundle row, so their places in the outbox differ only by position.
    const huge = [event(topic, 'acct-1', 5, 1_200_000), event(topic, 'acct-1', 11, 1_100_000)];
    const hugeValues = huge.map((m) => Buffer.from(JSON.stringify(m.value)));
    await db.dataSource.transaction((tx) =>
      outbox.enqueueMany(tx, [
        ...Array.from({ length: 5 }, (_, seq) => event(topic, 'acct-1', seq)),
        ...Array.from({ length: 10 }, (_, seq) => event(topic, 'acct-2', seq)),
        huge[0],
        ...Array.from({ length: 5 }, (_, seq) => event(topic, 'acct-1', 6 + seq)),
        huge[1],
        event(topic, 'acct-1', 12),
      ]),
    );

    expect(await relayUntilEmpty()).toBe(21);
    const published = await read(topic, 21);
    expect(published).toHaveLength(21);
    expect(
      published.filter((m) => m.key === 'acct-1').map((m) => jsonValue<AmountEvent>(m).seq),
    ).toEqual([0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 12]);
    expectPerKeyOrder(published, ['acct-2'], 10);

    // The whole messages stay queryable in the service's own schema.
    const stored: {
      consumer_group: string;
      topic: string;
      offset: string;
      key: string;
      value: Buffer;
      headers: Record<string, string>;
      error: string;
    }[] = await db.dataSource.query(
      `SELECT consumer_group, topic, "offset"::text AS offset, key, value, headers, error
       FROM dead_letters ORDER BY partition`,
    );
    expect(stored).toHaveLength(2);
    const hashes = hugeValues.map(
      (value) => `sha256:${createHash('sha256').update(value).digest('hex')}`,
    );
    stored.forEach((row, i) => {
      expect(row).toMatchObject({ consumer_group: 'outbox-relay', topic, key: 'acct-1' });
      expect(row.value.equals(hugeValues[i])).toBe(true);
      expect(row.error).toMatch(/^message_too_large: /);
      expect(row.headers).toMatchObject({
        [HEADERS.dltReason]: 'message_too_large',
        [HEADERS.dltOutboxId]: row.offset,
        [HEADERS.dltValueHash]: hashes[i],
        [HEADERS.dltValueBytes]: String(hugeValues[i].length),
      });
    });

    // The dead-letter topic gets the start of each value and a reference to the stored whole.
    const dead = await read(deadLetterTopic, 2);
    expect(dead).toHaveLength(2);
    dead.forEach((message, i) => {
      expect(message.key).toBe('acct-1');
      expect(message.headers).toMatchObject({
        [HEADERS.dltOriginalTopic]: topic,
        [HEADERS.dltReason]: 'message_too_large',
        [HEADERS.dltOutboxId]: stored[i].offset,
        [HEADERS.dltValueHash]: hashes[i],
        [HEADERS.dltValueBytes]: String(hugeValues[i].length),
      });
      expect(message.value!.length).toBeLessThan(64 * 1024);
      expect(hugeValues[i].subarray(0, message.value!.length).equals(message.value!)).toBe(true);
    });
  });
});
