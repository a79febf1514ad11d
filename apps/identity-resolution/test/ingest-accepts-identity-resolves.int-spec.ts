import fc from 'fast-check';
import { goldenFixture, MAX_EVENT_BYTES, MAX_EVENT_DEPTH } from '@omni/contracts';
import { createBatchConsumer, KafkaProducer, type BatchConsumer } from '@omni/messaging';
import { eventually, testInfra, uniqueSuffix } from '@omni/testing';
import { ResolutionHandler } from '../src/resolution/resolution.consumer';
import { decodeIngestedEvent } from '../src/resolution/resolved-event';
import { startIdentityHarness, type IdentityHarness } from './support/identity-harness';
import { startIngestProcess, type IngestProcess } from './support/ingest-process';

type Result = { eventId: string | null; status: string; errors?: unknown[] };

/** Text that has broken one service or another, mostly valid: astral characters, BOMs, ... */
const validEdgeText = fc.oneof(
  fc.constantFrom(
    '𝕏',
    '😀',
    '\ufeff',
    '\u2028',
    'e\u0301',
    '中文',
    ' ',
    ':',
    '"\\',
    '%00',
    '\u{10FFFF}',
  ),
  fc.string({ unit: 'binary', maxLength: 6 }),
);

/** ... and sometimes what no service can store: NUL and lone surrogates. */
const edgeText = fc.oneof(
  { weight: 9, arbitrary: validEdgeText },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.constantFrom('\u0000', '\ud800', '\udfff', '\udfff\ud800'),
      fc.string({ unit: fc.constantFrom('\ud83d', '\ude00', 'a', '\u0000'), maxLength: 4 }),
    ),
  },
);

/** Edge text and up to `maxPad` characters outside the BMP (two UTF-16 units each). */
const edgeValue = (maxPad: number) =>
  fc.tuple(edgeText, fc.nat({ max: maxPad })).map(([edge, pad]) => `${edge}${'𝕏'.repeat(pad)}`);

const IDENTIFIER_TYPES = [
  'anonymousId',
  'cookieId',
  'deviceId',
  'memberId',
  'loyaltyCard',
  'wechatUnionId',
  'platformUserId',
  'wechatOpenId',
] as const;

// Values up to a little over the contracts' 256 characters once the run's prefix is added.
const identifiersArb = fc
  .uniqueArray(fc.constantFrom(...IDENTIFIER_TYPES), { minLength: 1, maxLength: 3 })
  .chain((types) =>
    fc.record(
      Object.fromEntries([
        ...types.map((type) => [type, edgeValue(250)]),
        ...(types.includes('wechatOpenId') ? [['appId', edgeValue(4)]] : []),
      ]) as Record<string, fc.Arbitrary<string>>,
    ),
  );

/** Properties nested around the depth limit, with edge keys and values, sometimes near the size limit. */
const propertiesArb = fc
  .record({
    depth: fc.integer({ min: MAX_EVENT_DEPTH - 4, max: MAX_EVENT_DEPTH + 1 }),
    key: edgeText,
    value: edgeText,
    blob: fc.constantFrom(0, 0, 0, MAX_EVENT_BYTES - 2_000, MAX_EVENT_BYTES + 1),
  })
  .map(({ depth, key, value, blob }) => {
    // envelope (1) → payload (2) → properties (3) → nested objects from there
    let nested: unknown = value;
    for (let level = 4; level <= depth; level++) nested = { [key]: nested };
    return { [key]: value, nested, ...(blob > 0 && { blob: 'x'.repeat(blob) }) };
  });

// eventIds up to a little over 128 UTF-16 units once the run's prefix is added.
const eventArb = fc
  .record({
    kind: fc.constantFrom('custom', 'page.viewed', 'customer.identified'),
    eventId: edgeValue(60),
    channel: fc.constantFrom('web', 'app', 'tmall'),
    identifiers: identifiersArb,
    properties: propertiesArb,
  })
  .map(({ kind, eventId, channel, identifiers, properties }) => {
    const now = new Date().toISOString();
    const base = kind === 'custom' ? goldenFixture('custom', 1) : goldenFixture(kind, 1);
    const event: Record<string, unknown> = {
      ...structuredClone(base),
      eventId,
      channel,
      identifiers,
      occurredAt: now,
      sentAt: now,
    };
    delete event.receivedAt;
    delete event.connectorId;
    if (kind === 'custom') event.payload = { name: 'Edge', properties };
    return event;
  });

describe('what ingest accepts, identity resolves', () => {
  let h: IdentityHarness;
  let ingest: IngestProcess;
  let consumer: BatchConsumer;
  let producer: KafkaProducer;
  let runs = 0;
  let accepted = 0;

  beforeAll(async () => {
    h = await startIdentityHarness({ consumer: false });
    ingest = await startIngestProcess(h.topics.input, ['web', 'app', 'tmall']);
    const { brokers } = testInfra();
    producer = new KafkaProducer({ brokers, clientId: `idr-edge-${uniqueSuffix()}` });
    const handler = h.app.get(ResolutionHandler);
    // Identity's own decoder and handler; short backoffs, so a poison reaches the DLT quickly.
    consumer = createBatchConsumer({
      service: 'identity-resolution',
      brokers,
      clientId: `idr-edge-${uniqueSuffix()}`,
      groupId: h.env.IDENTITY_CONSUMER_GROUP,
      topics: [h.topics.input],
      dataSource: h.db.dataSource,
      producer,
      decode: decodeIngestedEvent,
      handle: (event, tx) => handler.handleMany([event], tx),
      handleBatch: (events, tx) => handler.handleMany(events, tx),
      initialBackoffMs: 10,
      maxBackoffMs: 50,
      maxAttempts: 3,
    });
    await consumer.start();
  });

  afterAll(async () => {
    await consumer?.stop();
    await producer?.disconnect();
    await ingest?.close();
    await h?.close();
  });

  it('resolves every event ingest accepted, and dead-letters none, whatever text, nesting and size they carry', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(eventArb, { minLength: 1, maxLength: 4 }), async (events) => {
        runs += 1;
        // Per run, also while shrinking: ids and values of one run never meet another's.
        const run = `${uniqueSuffix()}-${runs}`;
        const sent = events.map((event, i) => ({
          ...event,
          eventId: `${run}-${i}-${String(event.eventId)}`,
          identifiers: Object.fromEntries(
            Object.entries(event.identifiers as Record<string, string>).map(([type, value]) => [
              type,
              type === 'appId' ? `wx${value}` : `${run}-${i}-${value}`,
            ]),
          ),
        }));
        const response = await fetch(`${ingest.url}/v1/events`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${ingest.connector.key}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ events: sent }),
        });
        // A request over the body limit says nothing about events; everything else is answered per event.
        if (response.status === 413) return;
        expect(response.status).toBe(200);
        const { results } = (await response.json()) as { results: Result[] };
        const ids = results
          .filter((result) => result.status === 'accepted')
          .map((result) => String(result.eventId));
        accepted += ids.length;
        await eventually(
          async () => {
            // This run's own dead letters, so that a shrunk counterexample is its own.
            const dead: { error: string }[] = await h.db.dataSource.query(
              `SELECT error FROM dead_letters WHERE position($1::bytea IN value) > 0`,
              [Buffer.from(run)],
            );
            if (dead.length > 0)
              throw new Error(`identity dead-lettered: ${dead.map((d) => d.error).join('; ')}`);
            const rows: { source_event_id: string }[] = await h.db.dataSource.query(
              `SELECT source_event_id FROM resolution_log WHERE source_event_id = ANY($1::text[])`,
              [ids],
            );
            return new Set(rows.map((row) => row.source_event_id)).size === ids.length
              ? true
              : undefined;
          },
          `${ids.length} accepted events to be resolved`,
          20_000,
        );
      }),
      { numRuns: 40 },
    );
    // Not vacuous: plenty of the generated events were accepted and resolved.
    expect(accepted).toBeGreaterThan(20);
  });
});
