import { testInfra, uniqueSuffix } from '@omni/testing';
import { KafkaProducer } from '../src/producer/kafka-producer';
import { createTopics, deleteTopics } from '../src/topics/topic-admin';
import { createTopicReader, type TopicReader } from '../src/topics/topic-reader';

describe('KafkaProducer.send with concurrent callers', () => {
  const { brokers } = testInfra();
  const service = `msg-coalesce-${uniqueSuffix()}`;
  const topic = `${service}.events.v1`;
  let producer: KafkaProducer;
  let reader: TopicReader;

  beforeAll(async () => {
    await createTopics(brokers, [{ name: topic, partitions: 3 }]);
    producer = new KafkaProducer({ brokers, clientId: service, maxCoalescedBytes: 4_000 });
    await producer.connect();
    reader = await createTopicReader({ brokers, clientId: service, topic });
  });

  afterAll(async () => {
    await reader.close();
    await producer.disconnect();
    await deleteTopics(brokers, [topic]);
  });

  it("delivers every caller's messages exactly once, each key in the order of the send calls", async () => {
    const callers = 40;
    const perCaller = 10;
    // Started together: most of them wait for the request in flight and are merged (the small
    // size cap makes several merged requests, not one).
    await Promise.all(
      Array.from({ length: callers }, (_, caller) =>
        producer.send(
          topic,
          Array.from({ length: perCaller }, (_, n) => ({
            key: `key-${(caller + n) % 4}`,
            value: { caller, n },
          })),
        ),
      ),
    );

    const received = await reader.waitForCount(callers * perCaller, 30_000);
    expect(received).toHaveLength(callers * perCaller);
    const byKey = new Map<string, { caller: number; n: number }[]>();
    for (const message of received) {
      const list = byKey.get(message.key!) ?? [];
      list.push(JSON.parse(message.value!.toString()) as { caller: number; n: number });
      byKey.set(message.key!, list);
    }
    for (const [, values] of byKey) {
      const callOrder = [...values].sort((a, b) => a.caller - b.caller || a.n - b.n);
      expect(values).toEqual(callOrder);
    }
    const unique = new Set(received.map((m) => m.value!.toString()));
    expect(unique.size).toBe(callers * perCaller);
  });

  it('a send to a missing topic fails alone; concurrent sends to a real topic are acknowledged', async () => {
    const missing = `${service}.missing.v1`;
    const before = reader.messages.length;
    const outcomes = await Promise.allSettled([
      producer.send(topic, [{ key: 'a', value: { n: 1 } }]),
      producer.send(missing, [{ key: 'a', value: { n: 2 } }]),
      producer.send(topic, [{ key: 'a', value: { n: 3 } }]),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const received = await reader.waitForCount(before + 2, 30_000);
    expect(received.slice(before).map((m) => JSON.parse(m.value!.toString()))).toEqual([
      { n: 1 },
      { n: 3 },
    ]);
  }, 90_000);
});
