import { randomUUID } from 'node:crypto';
import { decodeDownstreamMessage, type DownstreamEventOf } from '@omni/contracts';
import fc from 'fast-check';
import { useHarness } from '@omni/testing';
import { ATTRIBUTION_MODELS } from '../src/attribution/attribution-models';
import { AttributionService } from '../src/attribution/attribution.service';
import { FactsService } from '../src/facts/facts.service';
import { IdentityChangesService } from '../src/identity-changes/identity-changes.service';
import { oracleAttribution } from './support/attribution-oracle';
import {
  placed,
  profileChange,
  resolved,
  startReporting,
  type TestEvent,
} from './support/reporting-harness';

// Times on a six-hour grid over three days, so that touches tie, sit exactly on their order's time
// and exactly on the lookback edge (a whole number of days before); some a millisecond past the
// grid. The grid starts an hour before a month ends, so paths span two months' timelines.
const base = Date.UTC(2026, 2, 31, 23);
const HOUR = 3_600_000;
const at = (step: number, late = false) => new Date(base + step * 6 * HOUR + (late ? 1 : 0));

const touch = fc.record({
  customer: fc.integer({ min: 0, max: 2 }),
  step: fc.integer({ min: 0, max: 12 }),
  late: fc.boolean(),
  channel: fc.constantFrom('tmall', 'jd', 'douyin'),
  campaign: fc.constantFrom('spring', 'kol'),
  // A paid medium, or an organic one.
  medium: fc.constantFrom('cpc', 'organic'),
  type: fc.constantFrom('click', 'impression'),
});
const order = fc.record({
  customer: fc.integer({ min: 0, max: 3 }),
  step: fc.integer({ min: 0, max: 12 }),
  late: fc.boolean(),
  total: fc.integer({ min: 0, max: 1_000_000 }),
  refunded: fc.constantFrom(false, false, true),
  cancelled: fc.constantFrom(false, false, false, true),
  currency: fc.constantFrom('CNY', 'CNY', 'CNY', 'USD'),
  channel: fc.constantFrom('tmall', 'jd', 'web'),
});
const query = fc.record({
  fromStep: fc.integer({ min: 0, max: 6 }),
  span: fc.integer({ min: 1, max: 12 }),
  lookbackDays: fc.constantFrom(1, 2, 30),
  halfLifeDays: fc.constantFrom(0.5, 1, 7),
  models: fc.option(fc.subarray([...ATTRIBUTION_MODELS], { minLength: 1 }), { nil: undefined }),
  touchTypes: fc.option(fc.constantFrom(['click' as const], ['impression' as const]), {
    nil: undefined,
  }),
  channels: fc.option(fc.constantFrom(['tmall'], ['jd', 'web']), { nil: undefined }),
});
// What happens to the people between two deliveries: customer 1 merged into 0, then split off
// again (taking some events back), then customer 2 erased.
const IDENTITY = ['none', 'merge', 'merge-split', 'merge-split-erase'] as const;

describe('attribution over touch timelines', () => {
  const reporting = useHarness(startReporting);

  /** Through the consumer's own write path, batch by batch, in one transaction each. */
  const store = async (batches: readonly TestEvent[][]) => {
    const facts = reporting.app.get(FactsService);
    for (const batch of batches)
      await reporting.dataSource.transaction((tx) =>
        facts.applyMany(
          batch.map((e) => ({
            event: decodeDownstreamMessage({ value: Buffer.from(JSON.stringify(e)) }),
            topic: 'resolved',
            partition: 0,
          })),
          tx,
        ),
      );
  };

  const change = async (event: TestEvent) => {
    const changes = reporting.app.get(IdentityChangesService);
    const decoded = decodeDownstreamMessage({ value: Buffer.from(JSON.stringify(event)) });
    await reporting.dataSource.transaction(async (tx) => {
      if (decoded.type === 'profile.merged')
        await changes.merged(tx, decoded as DownstreamEventOf<'profile.merged'>);
      else if (decoded.type === 'profile.split')
        await changes.split(tx, decoded as DownstreamEventOf<'profile.split'>);
      else await changes.erased(tx, decoded as DownstreamEventOf<'profile.erased'>);
    });
  };

  it('answers as the join of orders and touches, through redeliveries, late touches, merge, split and erasure, ties and the lookback edge', async () => {
    const db = reporting.dataSource;
    const service = reporting.app.get(AttributionService);
    await fc.assert(
      fc.asyncProperty(
        fc.array(touch, { maxLength: 40 }),
        fc.array(order, { maxLength: 15 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 10 }),
        fc.nat(),
        fc.constantFrom(...IDENTITY),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 60 }),
        fc.array(fc.nat({ max: 5 }), { minLength: 1, maxLength: 60 }),
        fc.array(query, { minLength: 1, maxLength: 3 }),
        async (touches, orders, redelivered, sizes, cut, identity, moved, shuffle, queries) => {
          await db.query(
            `TRUNCATE events, orders, touches, timelines, touch_timelines, customer_aliases`,
          );
          const customers = Array.from({ length: 4 }, () => `cus-${randomUUID()}`);
          const events: TestEvent[] = [
            ...touches.map((t) =>
              resolved('marketing.touch', customers[t.customer], {
                at: at(t.step, t.late).toISOString(),
                channel: t.channel,
                payload: { touchType: t.type, campaignId: t.campaign, medium: t.medium },
              }),
            ),
            ...orders.flatMap((o) => {
              const orderId = `ord-${randomUUID()}`;
              const options = { at: at(o.step, o.late).toISOString(), channel: o.channel };
              return [
                placed(customers[o.customer], orderId, o.total, {
                  ...options,
                  ...(o.currency === 'CNY'
                    ? {}
                    : {
                        payload: {
                          total: { amount: o.total, currency: o.currency },
                          lines: [
                            {
                              sku: 'SKU-1',
                              name: 'one',
                              quantity: 1,
                              unitPrice: { amount: o.total, currency: o.currency },
                            },
                          ],
                        },
                      }),
                }),
                ...(o.refunded
                  ? [
                      resolved('order.refunded', customers[o.customer], {
                        at: at(o.step + 1).toISOString(),
                        payload: { orderId, amount: { amount: 1, currency: 'CNY' } },
                      }),
                    ]
                  : []),
                ...(o.cancelled
                  ? [
                      resolved('order.cancelled', customers[o.customer], {
                        at: at(o.step + 1).toISOString(),
                        payload: { orderId },
                      }),
                    ]
                  : []),
              ];
            }),
          ];
          // Arrival in an order of its own (so touches arrive after later ones, and after their
          // order), plus some events again.
          const arriving = events
            .map((event, i) => ({ event, rank: shuffle[i % shuffle.length] }))
            .sort((a, b) => a.rank - b.rank)
            .map(({ event }) => event);
          arriving.push(
            ...redelivered.flatMap((i) => (events.length === 0 ? [] : [events[i % events.length]])),
          );
          const batches: TestEvent[][] = [];
          for (let i = 0, k = 0; i < arriving.length; k++) {
            const size = sizes[k % sizes.length];
            batches.push(arriving.slice(i, i + size));
            i += size;
          }
          const before = cut % (batches.length + 1);
          await store(batches.slice(0, before));
          if (identity !== 'none')
            await change(
              profileChange('profile.merged', customers[0], {
                survivorId: customers[0],
                mergedIds: [customers[1]],
                version: 1,
              }),
            );
          if (identity === 'merge-split' || identity === 'merge-split-erase') {
            const stored: { event_key: string }[] = await db.query(
              `SELECT event_key FROM events WHERE customer_id = $1 ORDER BY event_key`,
              [customers[0]],
            );
            await change(
              profileChange(
                'profile.split',
                customers[0],
                {
                  fromId: customers[0],
                  newIds: [customers[1]],
                  version: 2,
                  part: 1,
                  parts: 1,
                  moves: [
                    {
                      customerId: customers[1],
                      eventKeys: stored
                        .filter((_, i) => moved[i % moved.length])
                        .map((row) => row.event_key),
                    },
                  ],
                },
                2,
              ),
            );
          }
          if (identity === 'merge-split-erase')
            await change(
              profileChange('profile.erased', customers[2], {
                customerId: customers[2],
                version: 3,
              }),
            );
          await store(batches.slice(before));

          for (const q of queries) {
            const from = at(q.fromStep);
            const to = at(q.fromStep + q.span);
            const models = q.models ?? [...ATTRIBUTION_MODELS];
            const answer = await service.query({
              from: from.toISOString(),
              to: to.toISOString(),
              lookbackDays: q.lookbackDays,
              halfLifeDays: q.halfLifeDays,
              ...(q.models ? { models: q.models } : {}),
              ...(q.touchTypes ? { touchTypes: [...q.touchTypes] } : {}),
              ...(q.channels ? { channels: [...q.channels] } : {}),
            });
            const expected = await oracleAttribution(
              db.manager,
              {
                from,
                to,
                currency: 'CNY',
                lookbackDays: q.lookbackDays,
                ...(q.channels ? { channels: q.channels } : {}),
                ...(q.touchTypes ? { touchTypes: q.touchTypes } : {}),
              },
              models,
              q.halfLifeDays,
            );
            expect(answer).toEqual({
              currency: 'CNY',
              models,
              lookbackDays: q.lookbackDays,
              halfLifeDays: q.halfLifeDays,
              ...expected,
            });
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
