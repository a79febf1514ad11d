import { randomUUID } from 'node:crypto';
import { decodeDownstreamMessage } from '@omni/contracts';
import fc from 'fast-check';
import { useHarness } from '@omni/testing';
import type { FunnelQuery } from '../src/funnels/dto/funnels.dto';
import { FUNNEL_MODES } from '../src/funnels/funnel';
import { FunnelsService } from '../src/funnels/funnels.service';
import { FactsService } from '../src/facts/facts.service';
import { resolved, startReporting, type TestEvent } from './support/reporting-harness';

const TYPES = ['page.viewed', 'product.viewed', 'cart.item-added', 'search.performed'] as const;
const CHANNELS = ['web', 'app', 'tmall'] as const;
const CAMPAIGNS = [undefined, 'spring', 'autumn'] as const;
// Minutes around a month's end, few of them, so that events tie and customers span two months.
const base = Date.UTC(2026, 5, 30, 23, 40);
const minute = (m: number) => new Date(base + m * 60_000).toISOString();

const event = fc.record({
  customer: fc.integer({ min: 0, max: 5 }),
  type: fc.constantFrom(...TYPES),
  minute: fc.integer({ min: 0, max: 40 }),
  second: fc.constantFrom(0, 30),
  channel: fc.constantFrom(...CHANNELS),
  campaign: fc.constantFrom(...CAMPAIGNS),
});

const step = fc.record({
  types: fc.uniqueArray(fc.constantFrom(...TYPES), { minLength: 1, maxLength: 2 }),
  channels: fc.option(
    fc.uniqueArray(fc.constantFrom(...CHANNELS), { minLength: 1, maxLength: 2 }),
    {
      nil: undefined,
    },
  ),
});

const query = fc.record({
  steps: fc.array(step, { minLength: 2, maxLength: 4 }),
  mode: fc.constantFrom(...FUNNEL_MODES),
  windowMinutes: fc.integer({ min: 1, max: 45 }),
  fromMinute: fc.integer({ min: 0, max: 30 }),
  span: fc.integer({ min: 1, max: 40 }),
  breakdown: fc.constantFrom(undefined, 'channel', 'campaign'),
});

describe('funnels over timelines answer as funnels over the stored events', () => {
  const reporting = useHarness(startReporting);

  /** Through the consumer's own write path, batch by batch, in one transaction each. */
  const store = async (batches: readonly TestEvent[][]) => {
    const facts = reporting.app.get(FactsService);
    for (const batch of batches) {
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
    }
  };

  it('for random events, delivered in random batches and orders with redeliveries, in every mode, with channel filters and breakdowns', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(event, { maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 10 }),
        fc.array(query, { minLength: 1, maxLength: 4 }),
        async (raw, redelivered, sizes, queries) => {
          await reporting.dataSource.query(`TRUNCATE events, timelines`);
          const customers = Array.from({ length: 6 }, () => `cus-${randomUUID()}`);
          const events = raw.map((e) =>
            resolved(e.type, customers[e.customer], {
              at: new Date(Date.parse(minute(e.minute)) + e.second * 1000).toISOString(),
              channel: e.channel,
              ...(e.campaign === undefined ? {} : { campaignId: e.campaign }),
            }),
          );
          // Arrival order is the generated order (late events included), plus some again.
          const arriving = [
            ...events,
            ...redelivered.flatMap((i) => (events.length === 0 ? [] : [events[i % events.length]])),
          ];
          const batches: TestEvent[][] = [];
          for (let i = 0, k = 0; i < arriving.length; k++) {
            const size = sizes[k % sizes.length];
            batches.push(arriving.slice(i, i + size));
            i += size;
          }
          await store(batches);
          const funnels = reporting.app.get(FunnelsService);
          for (const q of queries) {
            const request: FunnelQuery = {
              steps: q.steps.map((s) => ({
                types: s.types,
                ...(s.channels === undefined ? {} : { channels: s.channels }),
              })),
              mode: q.mode,
              windowMinutes: q.windowMinutes,
              from: minute(q.fromMinute),
              to: minute(q.fromMinute + q.span),
              ...(q.breakdown === undefined ? {} : { breakdown: q.breakdown }),
            };
            expect(await funnels.answer(request, 'timelines')).toEqual(
              await funnels.answer(request, 'events'),
            );
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('the default funnel answers alike from both', async () => {
    await reporting.dataSource.query(`TRUNCATE events, timelines`);
    const funnels = reporting.app.get(FunnelsService);
    const customer = `cus-${randomUUID()}`;
    await store([
      [
        resolved('page.viewed', customer, { at: minute(1) }),
        resolved('product.viewed', customer, { at: minute(2) }),
      ],
    ]);
    const request: FunnelQuery = {
      mode: 'ordered',
      from: minute(0),
      to: minute(60),
      breakdown: 'channel',
    };
    const fromTimelines = await funnels.answer(request, 'timelines');
    expect(fromTimelines.steps.map((s) => s.customers)).toEqual([1, 1, 0, 0]);
    expect(fromTimelines).toEqual(await funnels.answer(request, 'events'));
  });
});
