import fc from 'fast-check';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CHANNELS, goldenFixtures } from '@omni/contracts';
import { uniqueSuffix, type TestDatabase } from '@omni/testing';
import {
  ingestApp,
  ingestDatabase,
  provisionIngestTopics,
  registerConnector,
  type RegisteredConnector,
} from './support/ingest-test-kit';

type Result = { index: number; status: string; errors?: { path: string; message: string }[] };

const channelFixtures = goldenFixtures()
  .map((fixture) => fixture.event)
  .filter(
    (event) =>
      ![
        'event.rejected',
        'profile.merged',
        'profile.split',
        'profile.erased',
        'price.changed',
        'redemption.recorded',
        'redemption.released',
        'offer.issued',
        'customer.tier-changed',
        'customer.points-changed',
        'journey.triggered',
        'alert.raised',
      ].includes(String(event.type)),
  );

/** A golden event with one field replaced, removed or nested junk added; or any JSON at all. */
const payloadArbitrary = fc.oneof(
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  {
    weight: 5,
    arbitrary: fc
      .tuple(
        fc.constantFrom(...channelFixtures),
        fc.constantFrom(
          'eventId',
          'type',
          'version',
          'occurredAt',
          'sentAt',
          'channel',
          'identifiers',
          'context',
          'payload',
          'extra',
        ),
        fc.option(fc.jsonValue({ maxDepth: 3 })),
        fc.string(),
      )
      .map(([fixture, field, replacement, salt]) => {
        const event: Record<string, unknown> = {
          ...structuredClone(fixture),
          eventId: `fuzz-${salt}-${uniqueSuffix()}`,
          occurredAt: new Date().toISOString(),
        };
        delete event.connectorId;
        delete event.sentAt;
        if (replacement === null) delete event[field];
        else event[field] = replacement;
        return event;
      }),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.constantFrom(...channelFixtures),
        fc.jsonValue({ maxDepth: 2 }),
        fc.string({ unit: 'binary', maxLength: 40 }),
      )
      .map(([fixture, junk, text]) => {
        const event = structuredClone(fixture) as {
          payload: Record<string, unknown>;
          identifiers: Record<string, unknown>;
        };
        return {
          ...event,
          connectorId: undefined,
          eventId: `fuzz-${uniqueSuffix()}`,
          occurredAt: new Date().toISOString(),
          sentAt: undefined,
          payload: { ...event.payload, [text || 'x']: junk },
          identifiers: { ...event.identifiers, phone: text },
        };
      }),
  },
);

describe('fuzzing the connector API', () => {
  let db: TestDatabase;
  let app: NestFastifyApplication;
  let connector: RegisteredConnector;

  beforeAll(async () => {
    await provisionIngestTopics();
    db = await ingestDatabase();
    app = await ingestApp(db);
    connector = await registerConnector(app, {
      channels: [...CHANNELS],
      rateLimitPerSecond: 10_000_000,
      burst: 10_000_000,
    });
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('answers 5,000 random and mutated events without a 5xx, each accepted or rejected with a reason', async () => {
    let total = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(payloadArbitrary, { minLength: 25, maxLength: 50 }),
        async (events) => {
          const response = await app.inject({
            method: 'POST',
            url: '/v1/events',
            headers: { authorization: `Bearer ${connector.key}` },
            payload: { events },
          });
          expect(response.statusCode).toBe(200);
          const body = response.json<{
            accepted: number;
            duplicates: number;
            rejected: number;
            results: Result[];
          }>();
          expect(body.results.map((r) => r.index)).toEqual(events.map((_, i) => i));
          for (const result of body.results) {
            expect(['accepted', 'rejected', 'duplicate']).toContain(result.status);
            if (result.status === 'rejected') expect(result.errors?.length).toBeGreaterThan(0);
            else expect(result.errors).toBeUndefined();
          }
          expect(body.accepted + body.duplicates + body.rejected).toBe(events.length);
          total += events.length;
        },
      ),
      { numRuns: 200, seed: 20261122 },
    );
    expect(total).toBeGreaterThanOrEqual(5_000);
    const stored = await db.dataSource.query(`SELECT count(*)::int AS n FROM rejections`);
    expect(stored[0].n).toBeGreaterThan(0);
  });

  it('never answers 5xx to arbitrary request bodies', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        async (body) => {
          const response = await app.inject({
            method: 'POST',
            url: '/v1/events',
            headers: {
              authorization: `Bearer ${connector.key}`,
              'content-type': 'application/json',
            },
            payload: body,
          });
          expect(response.statusCode).toBeLessThan(500);
          expect(
            typeof response.json().code === 'string' || Array.isArray(response.json().results),
          ).toBe(true);
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });
});
