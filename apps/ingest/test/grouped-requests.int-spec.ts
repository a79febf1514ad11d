import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { context, propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { node } from '@opentelemetry/sdk-node';
import { createTopics, deleteTopics } from '@omni/messaging';
import { testInfra, uniqueSuffix, type TestDatabase } from '@omni/testing';
import { ConnectorsService } from '../src/connectors/connectors.service';
import { IngestPipeline } from '../src/events/ingest-pipeline.service';
import {
  eventIdOf,
  ingestApp,
  ingestDatabase,
  postEvents,
  productViewed,
  provisionIngestTopics,
  publishedMessages,
  registerConnector,
  type RegisteredConnector,
} from './support/ingest-test-kit';

type Batch = { accepted: number; duplicates: number; results: { status: string }[] };

// Concurrent requests to one replica share a transaction and a Kafka request (group commit).
describe('concurrent requests to one replica', () => {
  const eventsTopic = `ingest.events-grouped-${uniqueSuffix()}.v1`;
  const provider = new node.NodeTracerProvider();
  let db: TestDatabase;
  let app: NestFastifyApplication;
  let connector: RegisteredConnector;

  beforeAll(async () => {
    provider.register({ propagator: new W3CTraceContextPropagator() });
    await provisionIngestTopics();
    await createTopics(testInfra().brokers, [{ name: eventsTopic, partitions: 3 }]);
    db = await ingestDatabase();
    app = await ingestApp(db, { INGEST_EVENTS_TOPIC: eventsTopic });
    connector = await registerConnector(app, { rateLimitPerSecond: 100_000 });
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
    await deleteTopics(testInfra().brokers, [eventsTopic]);
    await provider.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  });

  const published = (expected: number) => publishedMessages(eventsTopic, expected);

  it('accepts an event sent in several concurrent requests once, and answers the rest duplicate', async () => {
    const event = productViewed();
    const others = Array.from({ length: 5 }, () => productViewed());
    const answers = await Promise.all([
      ...Array.from({ length: 6 }, () => postEvents(app, connector.key, [event])),
      ...others.map((other) => postEvents(app, connector.key, [other, event])),
    ]);
    const batches = answers.map((answer) => answer.json<Batch>());
    expect(batches.reduce((sum, b) => sum + b.accepted, 0)).toBe(1 + others.length);
    expect(batches.reduce((sum, b) => sum + b.duplicates, 0)).toBe(10);
    const ids = (await published(1 + others.length)).map(eventIdOf);
    expect(ids.filter((id) => id === event.eventId)).toHaveLength(1);
    for (const other of others) expect(ids).toContain(other.eventId);
  });

  it('shows in /metrics how many events each group carried and where its time went', async () => {
    const scrape = async () => {
      const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
      const value = (series: string) =>
        Number(
          text
            .split('\n')
            .find((line) => line.startsWith(series))
            ?.split(' ')
            .pop() ?? 0,
        );
      return {
        events: value('omni_ingest_group_events_sum'),
        groups: value('omni_ingest_group_events_count'),
        queued: value('omni_ingest_group_phase_seconds_count{service="ingest",phase="queue"}'),
        published: value('omni_ingest_group_phase_seconds_count{service="ingest",phase="publish"}'),
        committed: value('omni_ingest_group_phase_seconds_count{service="ingest",phase="commit"}'),
      };
    };
    const before = await scrape();
    await Promise.all(
      Array.from({ length: 3 }, () =>
        postEvents(app, connector.key, [productViewed(), productViewed()]),
      ),
    );
    const after = await scrape();
    expect(after.events - before.events).toBe(6);
    expect(after.queued - before.queued).toBe(3);
    const groups = after.groups - before.groups;
    expect(groups).toBeGreaterThanOrEqual(1);
    expect(groups).toBeLessThanOrEqual(3);
    expect(after.published - before.published).toBe(groups);
    expect(after.committed - before.committed).toBe(groups);
  });

  it("each request's events carry that request's trace, whichever group published them", async () => {
    const pipeline = app.get(IngestPipeline);
    const auth = await app.get(ConnectorsService).authenticate(connector.key);
    if (!auth.ok) throw new Error('the test connector did not authenticate');
    const tracer = trace.getTracer('ingest-test');
    const sent = await Promise.all(
      Array.from({ length: 6 }, () =>
        tracer.startActiveSpan('connector request', async (span) => {
          const events = [productViewed(), productViewed()];
          await pipeline.ingestBatch(
            auth.connector,
            'http',
            events.map((event) => ({ event, received: event })),
          );
          span.end();
          return { traceId: span.spanContext().traceId, ids: events.map((e) => e.eventId) };
        }),
      ),
    );
    expect(new Set(sent.map((s) => s.traceId)).size).toBe(6);
    const messages = await published(6 + 12);
    for (const { traceId, ids } of sent) {
      for (const id of ids) {
        const message = messages.find((m) => eventIdOf(m) === id);
        expect(message?.headers.traceparent?.toString()).toContain(traceId);
      }
    }
  });
});
