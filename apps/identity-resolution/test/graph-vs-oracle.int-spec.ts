import fc from 'fast-check';
import { createBatchConsumer, KafkaProducer, type BatchConsumer } from '@omni/messaging';
import { eventually, testInfra } from '@omni/testing';
import { SERVICE_CONFIG } from '@omni/platform';
import type { IdentityConfig } from '../src/config/identity-config';
import { IdentifierVault } from '../src/identifiers/identifier-vault';
import { ResolutionHandler } from '../src/resolution/resolution.consumer';
import { decodeIngestedEvent } from '../src/resolution/resolved-event';
import {
  channelEvent,
  startIdentityHarness,
  type IdentityHarness,
} from './support/identity-harness';
import { UnionFindOracle, type OracleEvent } from './support/union-find-oracle';

// Small pools so events collide: merges, limits, conflicts and blocked values all happen.
const pools = {
  memberId: ['m0', 'm1', 'm2'],
  wechatUnionId: ['u0', 'u1'],
  phone: ['+8613900000001', '+8613900000002', '+8613900000003', '+8613800138000'],
  email: ['e0@example.com', 'e1@example.com', 'e2@example.com', 'e3@example.com'],
  deviceId: ['d0', 'd1', 'd2', 'd3', 'd4'],
  cookieId: ['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'null'],
} as const;

type PoolType = keyof typeof pools;

/** Values of one run never meet another run's; placeholders stay placeholders. */
function scoped(type: PoolType, value: string, run: number): string {
  if (value === 'null' || value === '+8613800138000') return value;
  if (type === 'phone')
    return `${value.slice(0, 7)}${String(run).padStart(4, '0')}${value.slice(-2)}`;
  if (type === 'email') return value.replace('@', `.${run}@`);
  return `${value}-${run}`;
}

const identifiersArb = fc
  .uniqueArray(fc.constantFrom(...(Object.keys(pools) as PoolType[])), {
    minLength: 1,
    maxLength: 3,
  })
  .chain((types) =>
    fc.tuple(
      ...types.map((type) =>
        fc.constantFrom(...pools[type]).map((value) => [type, value] as const),
      ),
    ),
  );

const streamArb = fc.array(
  fc.record({
    identifiers: identifiersArb,
    minute: fc.integer({ min: 0, max: 60 * 24 * 60 }),
    key: fc.integer({ min: 0, max: 7 }),
  }),
  { minLength: 5, maxLength: 40 },
);

describe('the identity graph under concurrency', () => {
  let h: IdentityHarness;
  let consumers: BatchConsumer[] = [];
  let sharedProducer: KafkaProducer;
  // Each property run uses its own identifier values, so runs never meet in the shared graph.
  let runs = 0;

  beforeAll(async () => {
    h = await startIdentityHarness({ consumer: false, partitions: 4 });
    const { brokers } = testInfra();
    sharedProducer = new KafkaProducer({ brokers, clientId: 'idr-oracle-consumers' });
    const handler = h.app.get(ResolutionHandler);
    // Two consumers in one group on four partitions, small batches: real interleavings.
    consumers = [0, 1].map((n) =>
      createBatchConsumer({
        service: 'identity-resolution',
        brokers,
        clientId: `idr-oracle-${n}`,
        groupId: h.env.IDENTITY_CONSUMER_GROUP,
        topics: [h.topics.input],
        dataSource: h.db.dataSource,
        producer: sharedProducer,
        decode: decodeIngestedEvent,
        handle: (event, tx) => handler.handleMany([event], tx),
        handleBatch: (events, tx) => handler.handleMany(events, tx),
        maxBatchSize: 4,
        partitionsConsumedConcurrently: 2,
        initialBackoffMs: 10,
        maxBackoffMs: 100,
        maxAttempts: 20,
      }),
    );
    await Promise.all(consumers.map((c) => c.start()));
  });

  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.stop()));
    await sharedProducer?.disconnect();
    await h?.close();
  });

  it('ends with the same partition of identifiers, and the same customerIds, as a union-find oracle applying the rules in sequence', async () => {
    const config = h.app.get<IdentityConfig>(SERVICE_CONFIG);
    const vault = h.app.get(IdentifierVault);
    await fc.assert(
      fc.asyncProperty(streamArb, async (stream) => {
        runs += 1;
        const run = runs;
        const events = stream.map(({ identifiers, minute }) => {
          const values = Object.fromEntries(
            identifiers.map(([type, value]) => [type, scoped(type, value, run)]),
          );
          return channelEvent(
            'page.viewed',
            'web',
            values,
            new Date(Date.UTC(2025, 5, 1) + minute * 60_000).toISOString(),
          );
        });
        await h.producer.send(
          h.topics.input,
          events.map((value, i) => ({ key: `k${stream[i].key}`, value })),
        );
        const order: { source_event_id: string }[] = await eventually(
          async () => {
            const rows: { source_event_id: string }[] = await h.db.dataSource.query(
              `SELECT source_event_id FROM resolution_log WHERE source_event_id = ANY($1::text[]) ORDER BY seq`,
              [events.map((e) => e.eventId)],
            );
            const dead: { error: string }[] = await h.db.dataSource.query(
              `SELECT error FROM dead_letters`,
            );
            if (dead.length > 0)
              throw new Error(`dead-lettered: ${dead.map((d) => d.error).join('; ')}`);
            return rows.length === events.length ? rows : undefined;
          },
          `${events.length} events`,
          60_000,
        );

        const oracle = new UnionFindOracle(config.policy, vault);
        const byId = new Map(events.map((e) => [e.eventId, e as unknown as OracleEvent]));
        for (const { source_event_id } of order)
          oracle.apply(byId.get(source_event_id) as OracleEvent);
        const expected = oracle.assignment();
        const rows: { hash: string; profile_id: string }[] = await h.db.dataSource.query(
          `SELECT hash, profile_id FROM identifiers WHERE hash = ANY($1::text[])`,
          [[...expected.keys()]],
        );
        expect(new Map(rows.map((r) => [r.hash, r.profile_id]))).toEqual(expected);
      }),
      { numRuns: 40, endOnFailure: true },
    );
  });
});
