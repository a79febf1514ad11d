import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { node } from '@opentelemetry/sdk-node';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createTestDatabase, testInfra, uniqueSuffix, type TestDatabase } from '@omni/testing';
import { createBatchConsumer, type BatchConsumer } from '../src/consumer/batch-consumer';
import { Outbox } from '../src/outbox/outbox.service';
import { OutboxRelay } from '../src/outbox/outbox-relay.service';
import { KafkaProducer } from '../src/producer/kafka-producer';
import { createTopics, deleteTopics } from '../src/topics/topic-admin';
import { MessagingTestTables1700000000000 } from './support/messaging-test.migration';
import { waitUntil, type AmountEvent } from './support/messaging-test-kit';

describe('trace context', () => {
  const { brokers } = testInfra();
  const service = `msg-trace-${uniqueSuffix()}`;
  const topic = `${service}.events.v1`;
  const exporter = new InMemorySpanExporter();
  // register() installs the AsyncLocalStorageContextManager, as a service's tracing bootstrap does.
  const provider = new node.NodeTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const seen = new Map<string, { activeTraceId?: string; eventTraceId?: string }>();
  let db: TestDatabase;
  let producer: KafkaProducer;
  let relay: OutboxRelay;
  let consumer: BatchConsumer;

  beforeAll(async () => {
    provider.register({ propagator: new W3CTraceContextPropagator() });
    db = await createTestDatabase({
      service: 'msg',
      migrations: [MessagingTestTables1700000000000],
    });
    await createTopics(brokers, [{ name: topic, partitions: 1 }]);
    producer = new KafkaProducer({ brokers, clientId: service });
    relay = new OutboxRelay(db.dataSource, producer, { service, pollIntervalMs: 20 });
    relay.start();
    consumer = createBatchConsumer<AmountEvent>({
      service,
      brokers,
      groupId: `${service}.group`,
      topics: [topic],
      dataSource: db.dataSource,
      producer,
      handle: async (event) => {
        seen.set(event.eventId, {
          activeTraceId: trace.getActiveSpan()?.spanContext().traceId,
          eventTraceId: event.traceId,
        });
      },
    });
    await consumer.start();
  });

  afterAll(async () => {
    await consumer.stop();
    await relay.stop();
    await producer.disconnect();
    await deleteTopics(brokers, [topic]);
    await db.drop();
    await provider.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  });

  const tracer = () => trace.getTracer('messaging-test');

  const consumerSpanOf = (traceId: string) =>
    exporter
      .getFinishedSpans()
      .find((s) => s.kind === SpanKind.CONSUMER && s.spanContext().traceId === traceId);

  it('an outbox row written inside a span is relayed and handled in the same trace', async () => {
    const traceId = await tracer().startActiveSpan('place order', async (span) => {
      await db.dataSource.transaction((tx) =>
        new Outbox().enqueue(tx, {
          topic,
          key: 'acc-1',
          value: { eventId: 'via-outbox', account: 'acc-1', amount: 1 },
        }),
      );
      span.end();
      return span.spanContext().traceId;
    });
    await waitUntil(() => seen.has('via-outbox'), 30_000, 'the relayed event is handled');
    expect(seen.get('via-outbox')).toEqual({ activeTraceId: traceId, eventTraceId: traceId });
    const consumerSpan = consumerSpanOf(traceId);
    expect(consumerSpan?.name).toBe(`${topic} process`);
    expect(consumerSpan?.instrumentationScope.name).toBe('omni-messaging');
  });

  it('a direct send inside a span is handled in the same trace', async () => {
    const traceId = await tracer().startActiveSpan('call centre update', async (span) => {
      await producer.send(topic, [
        { key: 'acc-2', value: { eventId: 'direct', account: 'acc-2', amount: 1 } },
      ]);
      span.end();
      return span.spanContext().traceId;
    });
    await waitUntil(() => seen.has('direct'), 30_000, 'the sent event is handled');
    expect(seen.get('direct')).toEqual({ activeTraceId: traceId, eventTraceId: traceId });
    expect(consumerSpanOf(traceId)).toBeDefined();
  });
});
