import fc from 'fast-check';
import { CHANNELS, findEventDefinition, goldenFixtures, type Channel } from '@omni/contracts';
import {
  fuzzEndpoint,
  itFuzzesEveryEndpoint,
  pageQuery,
  startServiceProcess,
  uniqueSuffix,
  type FuzzEndpoint,
  type FuzzResponse,
  type ServiceProcess,
  type TestDatabase,
} from '@omni/testing';
import {
  ADMIN_TOKEN,
  baseEnv,
  ingestDatabase,
  provisionIngestTopics,
} from './support/ingest-test-kit';

type Result = { index: number; status: string; errors?: { path: string; message: string }[] };

// Connectors send every type but the ones Omni's services emit; those ingest refuses.
const channelFixtures = goldenFixtures()
  .filter((fixture) => findEventDefinition(fixture.type, fixture.version)?.kind !== 'service')
  .map((fixture) => fixture.event);

/** A golden channel event with a fresh eventId, dated now, as a connector sends it. */
const channelEvent = fc
  .tuple(fc.constantFrom(...channelFixtures), fc.uuid())
  .map(([fixture, id]) => {
    const event: Record<string, unknown> = {
      ...structuredClone(fixture),
      eventId: `fuzz-${id}`,
      occurredAt: new Date().toISOString(),
    };
    delete event.connectorId;
    delete event.sentAt;
    return event;
  });

const messageId = fc.uuid().map((id) => `seg-${id}`);
const userId = fc.stringMatching(/^member-[a-z0-9]{6}$/);

/** One valid Segment call of each type. */
const segmentCalls = {
  track: fc.record({
    messageId,
    userId,
    event: fc.constantFrom('Order Completed', 'Product Viewed', 'Live Stream Joined'),
    properties: fc.constant({
      order_id: 'o-1',
      total: 151,
      currency: 'CNY',
      sku: 'LUM-SERUM-50ML',
      price: 76,
      products: [{ sku: 'LUM-SERUM-50ML', price: 76, quantity: 2 }],
    }),
  }),
  identify: fc.record({
    messageId,
    userId,
    traits: fc.constant({ email: 'ann@example.com', name: 'Ann', gender: 'female' }),
  }),
  page: fc.record({
    messageId,
    anonymousId: fc.uuid(),
    name: fc.constant('Home'),
    properties: fc.constant({ path: '/', url: 'https://shop.example.com/', title: 'Home' }),
  }),
  screen: fc.record({ messageId, userId, name: fc.constant('Cart') }),
  alias: fc.record({ messageId, userId, previousId: fc.uuid() }),
  group: fc.record({
    messageId,
    userId,
    groupId: fc.constant('vip-club'),
    traits: fc.constant({ name: 'VIP' }),
  }),
};

const segmentBatch = fc
  .array(
    fc.oneof(
      ...Object.entries(segmentCalls).map(([type, call]) =>
        call.map((body) => ({ type, ...body })),
      ),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((batch) => ({ batch, sentAt: new Date().toISOString() }));

const connectorId = fc.stringMatching(/^[a-z0-9]{10}$/).map((id) => `fuzz-${id}`);

const json = <T>(response: FuzzResponse): T => JSON.parse(response.body.toString('utf8')) as T;

const everyEventAccepted = (response: FuzzResponse) =>
  json<{ results: Result[] }>(response).results.every((result) => result.status === 'accepted');

describe('fuzzing every HTTP endpoint of ingest', () => {
  let db: TestDatabase;
  let proc: ServiceProcess;

  const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

  async function createConnector(channels: readonly Channel[] = CHANNELS): Promise<{
    id: string;
    key: string;
  }> {
    const id = `fuzz-${uniqueSuffix()}`;
    const response = await fetch(proc.url('/v1/admin/connectors'), {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({
        id,
        name: `Fuzz ${id}`,
        channels,
        rateLimitPerSecond: 10_000_000,
        burst: 10_000_000,
      }),
    });
    if (response.status !== 201)
      throw new Error(
        `could not register a connector: ${response.status} ${await response.text()}`,
      );
    return { id, key: ((await response.json()) as { key: string }).key };
  }

  beforeAll(async () => {
    await provisionIngestTopics();
    db = await ingestDatabase();
    proc = await startServiceProcess(
      'apps/ingest/src/main.ts',
      { ...baseEnv, ...db.env, LOG_LEVEL: 'error' },
      { waitFor: '/health/ready' },
    );
  });

  afterAll(async () => {
    await proc?.stop();
    await db?.drop();
  });

  async function ingestEndpoints(): Promise<FuzzEndpoint[]> {
    // Hostile requests and valid ones use different connectors, and the admin operations have
    // connectors of their own, so a fuzzed key rotation cannot lock the valid requests out.
    const [fuzzed, valid, adminTargets, validAdminTarget] = await Promise.all([
      createConnector(),
      createConnector(),
      Promise.all([createConnector(), createConnector(), createConnector()]),
      createConnector(),
    ]);
    const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
    const basic = (key: string) => ({
      authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}`,
    });
    const adminTargetId = fc.constantFrom(...adminTargets.map((c) => c.id));

    const eventsBody = fc.array(channelEvent, { minLength: 1, maxLength: 3 }).map((events) => ({
      events,
    }));
    const events = fuzzEndpoint(
      { method: 'POST', path: '/v1/events', headers: bearer(fuzzed.key), body: eventsBody },
      { status: 200, holds: everyEventAccepted },
    );
    // The valid requests go out under the valid connector's key.
    events.valid!.request = async () => ({
      method: 'POST',
      target: '/v1/events',
      headers: { ...bearer(valid.key), 'content-type': 'application/json' },
      body: Buffer.from(JSON.stringify(fc.sample(eventsBody, 1)[0])),
    });

    const segment = (path: string, body: fc.Arbitrary<unknown>) => {
      const endpoint = fuzzEndpoint(
        { method: 'POST', path, headers: basic(fuzzed.key), body },
        { status: 200, holds: everyEventAccepted },
      );
      endpoint.valid!.request = async () => ({
        method: 'POST',
        target: path,
        headers: { ...basic(valid.key), 'content-type': 'application/json' },
        body: Buffer.from(JSON.stringify(fc.sample(body, 1)[0])),
      });
      return endpoint;
    };

    const ok = { status: 200 };
    return [
      events,
      segment('/v1/batch', segmentBatch),
      ...Object.entries(segmentCalls).map(([type, call]) => segment(`/v1/${type}`, call)),
      fuzzEndpoint(
        {
          method: 'POST',
          path: '/v1/admin/connectors',
          headers: admin,
          body: fc.record({
            id: connectorId,
            name: fc.constant('Fuzzed connector'),
            channels: fc.subarray([...CHANNELS], { minLength: 1 }),
            rateLimitPerSecond: fc.integer({ min: 1, max: 10_000 }),
            burst: fc.integer({ min: 1, max: 10_000 }),
          }),
        },
        { status: 201 },
      ),
      fuzzEndpoint(
        {
          method: 'GET',
          path: '/v1/admin/connectors',
          headers: admin,
          query: pageQuery({ after: fc.constantFrom(fuzzed.id, valid.id, 'a', 'zzz') }),
        },
        ok,
      ),
      ...['rotate-key', 'disable'].map((operation) =>
        fuzzEndpoint(
          {
            method: 'POST',
            path: `/v1/admin/connectors/{id}/${operation}`,
            headers: admin,
            params: { id: adminTargetId },
          },
          { ...ok, params: { id: validAdminTarget.id } },
        ),
      ),
      fuzzEndpoint(
        {
          method: 'GET',
          path: '/v1/rejections',
          headers: admin,
          query: pageQuery({
            connectorId: fc.constantFrom(fuzzed.id, valid.id),
            from: fc.constant('2025-01-01T00:00:00Z'),
            to: fc.constant('2099-01-01T00:00:00+08:00'),
          }),
        },
        ok,
      ),
    ];
  }

  itFuzzesEveryEndpoint({ app: 'ingest', proc: () => proc, endpoints: ingestEndpoints });

  it('answers 5,000 random and mutated events each accepted or rejected with a reason, and keeps the rejections', async () => {
    const connector = await createConnector();
    const mutatedEvent = fc.oneof(
      { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
      {
        weight: 5,
        arbitrary: fc
          .tuple(
            channelEvent,
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
          )
          .map(([event, field, replacement]) => {
            const mutated = { ...event };
            if (replacement === null) delete mutated[field];
            else mutated[field] = replacement;
            return mutated;
          }),
      },
      {
        weight: 3,
        arbitrary: fc
          .tuple(
            channelEvent,
            fc.jsonValue({ maxDepth: 2 }),
            fc.string({ unit: 'binary', maxLength: 40 }),
          )
          .map(([event, junk, text]) => ({
            ...event,
            payload: { ...(event.payload as object), [text || 'x']: junk },
            identifiers: { ...(event.identifiers as object), phone: text },
          })),
      },
    );
    // Prototype keys make the whole request a 400 (the hostile requests above cover them);
    // this property is about the answer per event.
    const batches = fc
      .array(mutatedEvent, { minLength: 25, maxLength: 50 })
      .filter((events) => !/"(__proto__|constructor)":/.test(JSON.stringify(events)));
    let total = 0;
    await fc.assert(
      fc.asyncProperty(batches, async (events) => {
        const response = await fetch(proc.url('/v1/events'), {
          method: 'POST',
          headers: { authorization: `Bearer ${connector.key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ events }),
        });
        expect(response.status).toBe(200);
        const body = (await response.json()) as {
          accepted: number;
          duplicates: number;
          rejected: number;
          results: Result[];
        };
        expect(body.results.map((r) => r.index)).toEqual(events.map((_, i) => i));
        for (const result of body.results) {
          expect(['accepted', 'rejected', 'duplicate']).toContain(result.status);
          if (result.status === 'rejected') expect(result.errors?.length).toBeGreaterThan(0);
          else expect(result.errors).toBeUndefined();
        }
        expect(body.accepted + body.duplicates + body.rejected).toBe(events.length);
        total += events.length;
      }),
      { numRuns: 200, seed: 20261122 },
    );
    expect(total).toBeGreaterThanOrEqual(5_000);
    const stored = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM rejections WHERE connector_id = $1`,
      [connector.id],
    );
    expect(stored[0].n).toBeGreaterThan(0);
  });
});
