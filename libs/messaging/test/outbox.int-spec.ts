import { createTestDatabase, testInfra, uniqueSuffix, type TestDatabase } from '@omni/testing';
import { Outbox, type OutboxMessage } from '../src/outbox/outbox.service';
import { OutboxRelay } from '../src/outbox/outbox-relay.service';
import { KafkaProducer } from '../src/producer/kafka-producer';
import { createTopics, deleteTopics } from '../src/topics/topic-admin';
import { createTopicReader } from '../src/topics/topic-reader';
import { MessagingTestTables1700000000000 } from './support/messaging-test.migration';
import { expectPerKeyOrder, logSize, waitUntil } from './support/messaging-test-kit';

describe('the outbox and its relay', () => {
  const { brokers } = testInfra();
  const service = `msg-outbox-${uniqueSuffix()}`;
  const singleRelayTopic = `${service}.single.v1`;
  const twoRelaysTopic = `${service}.two-relays.v1`;
  const outbox = new Outbox();
  let db: TestDatabase;
  let producers: KafkaProducer[];

  beforeAll(async () => {
    db = await createTestDatabase({
      service: 'msg',
      migrations: [MessagingTestTables1700000000000],
    });
    await createTopics(brokers, [
      { name: singleRelayTopic, partitions: 3 },
      { name: twoRelaysTopic, partitions: 3 },
    ]);
    producers = [
      new KafkaProducer({ brokers, clientId: service }),
      new KafkaProducer({ brokers, clientId: service }),
    ];
  });

  afterAll(async () => {
    await Promise.all(producers.map((p) => p.disconnect()));
    await deleteTopics(brokers, [singleRelayTopic, twoRelaysTopic]);
    await db.drop();
  });

  const events = (topic: string, keys: string[], from: number, to: number): OutboxMessage[] =>
    Array.from({ length: to - from }, (_, i) => from + i).flatMap((seq) =>
      keys.map((key) => ({
        topic,
        key,
        value: { eventId: `${key}-${seq}`, account: key, amount: 1, seq },
      })),
    );

  it('a rolled-back transaction publishes nothing; a committed one publishes each row exactly once, in key order', async () => {
    const keys = ['k1', 'k2', 'k3'];
    await expect(
      db.dataSource.transaction(async (tx) => {
        await outbox.enqueueMany(tx, events(singleRelayTopic, keys, 1_000, 1_010));
        throw new Error('the business change failed');
      }),
    ).rejects.toThrow('the business change failed');
    for (let seq = 0; seq < 200; seq += 50) {
      await db.dataSource.transaction((tx) =>
        outbox.enqueueMany(tx, events(singleRelayTopic, keys, seq, seq + 50)),
      );
    }

    const relay = new OutboxRelay(db.dataSource, producers[0], {
      service,
      batchSize: 100,
      pollIntervalMs: 20,
    });
    relay.start();
    await waitUntil(async () => (await relay.lag()).rows === 0, 30_000, 'the outbox is empty');
    await relay.stop();

    expect(relay.publishedCount).toBe(600);
    expect(await logSize(brokers, singleRelayTopic)).toBe(600);
    const reader = await createTopicReader({
      brokers,
      topic: singleRelayTopic,
      fromBeginning: true,
    });
    const messages = await reader.waitForCount(600);
    await reader.close();
    expectPerKeyOrder(messages, keys, 200);
  });

  it('outside a transaction enqueue refuses, so no event can escape a change that never commits', async () => {
    await expect(
      outbox.enqueue(db.dataSource.manager, { topic: singleRelayTopic, key: 'k', value: {} }),
    ).rejects.toThrow(/active transaction/);
  });

  it('two relays running at once publish each row exactly once and in per-key order', async () => {
    const keys = ['a', 'b', 'c', 'd', 'e', 'f'];
    const perKey = 150;
    const relays = producers.map(
      (producer) =>
        new OutboxRelay(db.dataSource, producer, { service, batchSize: 40, pollIntervalMs: 5 }),
    );
    relays.forEach((r) => r.start());
    // Keep writing while both relays compete for rows.
    for (let seq = 0; seq < perKey; seq += 10) {
      await db.dataSource.transaction((tx) =>
        outbox.enqueueMany(tx, events(twoRelaysTopic, keys, seq, seq + 10)),
      );
    }
    await waitUntil(async () => (await relays[0].lag()).rows === 0, 30_000, 'the outbox is empty');
    await Promise.all(relays.map((r) => r.stop()));

    const total = keys.length * perKey;
    expect(relays[0].publishedCount + relays[1].publishedCount).toBe(total);
    expect(await logSize(brokers, twoRelaysTopic)).toBe(total);
    const reader = await createTopicReader({ brokers, topic: twoRelaysTopic, fromBeginning: true });
    const messages = await reader.waitForCount(total);
    await reader.close();
    expectPerKeyOrder(messages, keys, perKey);
  });
});
