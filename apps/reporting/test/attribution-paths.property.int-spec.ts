import fc from 'fast-check';
import { ATTRIBUTION_MODELS } from '../src/attribution/attribution-models';
import { AttributionService } from '../src/attribution/attribution.service';
import { oracleAttribution } from './support/attribution-oracle';
import { startReporting, type Reporting } from './support/reporting-harness';

// Times on a six-hour grid over three days, so that touches tie, sit exactly on their order's time
// and exactly on the lookback edge (a whole number of days before); some half a millisecond
// past the grid, as a stored timestamp may be.
const base = Date.UTC(2026, 2, 1);
const HOUR = 3_600_000;
const at = (step: number, fraction: boolean) =>
  new Date(base + step * 6 * HOUR).toISOString().replace('Z', fraction ? '500Z' : 'Z');

const touch = fc.record({
  customer: fc.integer({ min: 0, max: 2 }),
  step: fc.integer({ min: 0, max: 12 }),
  fraction: fc.boolean(),
  key: fc.integer({ min: 0, max: 1_000_000 }),
  channel: fc.constantFrom('tmall', 'jd', 'douyin'),
  campaign: fc.constantFrom('', 'spring', 'kol'),
  paid: fc.boolean(),
  type: fc.constantFrom('click', 'impression'),
});
const order = fc.record({
  customer: fc.integer({ min: 0, max: 3 }),
  step: fc.integer({ min: 0, max: 12 }),
  fraction: fc.boolean(),
  total: fc.integer({ min: 0, max: 1_000_000 }),
  refunded: fc.constantFrom(0, 0, 500),
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

describe('attribution over compact paths', () => {
  let reporting: Reporting;

  beforeAll(async () => {
    reporting = await startReporting();
  });

  afterAll(async () => {
    await reporting?.close();
  });

  it('answers as the row-per-touch implementation did, cancelled orders, ties and the lookback edge included', async () => {
    const db = reporting.dataSource;
    const service = reporting.app.get(AttributionService);
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(touch, { maxLength: 40, selector: (t) => t.key }),
        fc.array(order, { maxLength: 15 }),
        query,
        async (touches, orders, q) => {
          await db.query(`TRUNCATE orders, touches`);
          for (const t of touches)
            await db.query(
              `INSERT INTO touches (event_key, customer_id, occurred_at, channel, campaign_id, touch_type, paid)
               VALUES ($1, $2, $3, $4, $5, $6, $7)`,
              [
                `ev-${t.key}`,
                `cus-${t.customer}`,
                at(t.step, t.fraction),
                t.channel,
                t.campaign,
                t.type,
                t.paid,
              ],
            );
          for (const [i, o] of orders.entries())
            await db.query(
              `INSERT INTO orders (order_id, event_key, customer_id, channel, placed_at, total, currency, refunded, cancelled_at)
               VALUES ($1, $1, $2, $3, $4, $5, $6, $7, $8)`,
              [
                `ord-${i}`,
                `cus-${o.customer}`,
                o.channel,
                at(o.step, o.fraction),
                o.total,
                o.currency,
                o.refunded,
                o.cancelled ? at(o.step + 1, false) : null,
              ],
            );
          const from = at(q.fromStep, false);
          const to = at(q.fromStep + q.span, false);
          const models = q.models ?? [...ATTRIBUTION_MODELS];
          const answer = await service.query({
            from,
            to,
            lookbackDays: q.lookbackDays,
            halfLifeDays: q.halfLifeDays,
            ...(q.models ? { models: q.models } : {}),
            ...(q.touchTypes ? { touchTypes: [...q.touchTypes] } : {}),
            ...(q.channels ? { channels: [...q.channels] } : {}),
          });
          const expected = await oracleAttribution(
            db.manager,
            {
              from: new Date(from),
              to: new Date(to),
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
        },
      ),
      { numRuns: 60 },
    );
  });
});
