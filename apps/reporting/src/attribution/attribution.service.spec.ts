import type { ReportingConfig } from '../config/reporting-config';
import type { TimelineChunk } from '../timelines/timeline-entries';
import { encodeTouchEntries, type TimelineTouch, type TouchTerm } from '../timelines/touch-entries';
import type { AttributionRepository, CustomerPaths } from './attribution.repository';

import { AttributionService } from './attribution.service';

type OrderRow = { customer_id: string; placed_ms: number; total: number };

const terms = new Map<number, TouchTerm>([
  [1, { channel: 'douyin', campaignId: 'live', paid: true, touchType: 'click' }],
  [2, { channel: 'tmall', campaignId: '', paid: false, touchType: 'impression' }],
  [3, { channel: 'douyin', campaignId: 'live', paid: true, touchType: 'impression' }],
]);
const idOf = (term: TouchTerm) =>
  [...terms].find(
    ([, t]) =>
      t.channel === term.channel &&
      t.campaignId === term.campaignId &&
      t.paid === term.paid &&
      t.touchType === term.touchType,
  )?.[0] ?? 99;
const month = Date.parse('2026-03-01T00:00:00Z');
const placed = Date.parse('2026-03-10T00:00:00Z');
const DAY = 86_400_000;
const touch = (id: number, at: number): TimelineTouch => ({ ...(terms.get(id) as TouchTerm), at });

function customerPaths(
  orders: OrderRow[],
  timelines: Record<string, TimelineChunk[]>,
): CustomerPaths {
  const customers = [...new Set(orders.map((o) => o.customer_id))];
  const grouped = customers.flatMap((id) => orders.filter((o) => o.customer_id === id));
  let end = 0;
  return {
    orderEnd: Int32Array.from(
      customers,
      (id) => (end += orders.filter((o) => o.customer_id === id).length),
    ),
    placedMs: Float64Array.from(grouped, (o) => o.placed_ms),
    totals: Float64Array.from(grouped, (o) => o.total),
    timelines: customers.map((id) => timelines[id]),
  };
}

function serviceOver(
  orders: OrderRow[],
  timelines: Record<string, TimelineChunk[]>,
  maxOrders = 1_000,
) {
  const repository = {
    countOrders: async () => orders.length,
    // Every customer in the first half, in the order of their first order.
    customerPaths: async (_range: unknown, limit: number, half: 0 | 1) =>
      customerPaths(half === 0 ? orders.slice(0, limit) : [], timelines),
    touchTerms: async () => terms,
  } as unknown as AttributionRepository;
  const config = {
    kpis: { currency: 'CNY' },
    attribution: { lookbackDays: 30, halfLifeDays: 7, maxOrders },
  } as unknown as ReportingConfig;
  return new AttributionService(repository, config);
}

const query = { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' };

describe('attribution over touch timelines', () => {
  // Appended late: the touch on the lookback edge after the newer ones.
  const timelines = {
    'cus-1': [
      {
        month,
        entries: Buffer.concat([
          encodeTouchEntries([touch(3, placed - DAY + 1), touch(2, placed)], month, idOf),
          encodeTouchEntries([touch(1, placed - DAY), touch(1, placed + 1)], month, idOf),
        ]),
      },
    ],
  };

  it('takes each order’s touches in (placed − lookback, placed], sorted, rows of channel, campaign and paid', async () => {
    const answer = await serviceOver(
      [
        { customer_id: 'cus-1', placed_ms: placed, total: 1001 },
        { customer_id: 'cus-2', placed_ms: placed, total: 7 },
      ],
      timelines,
    ).query({ ...query, lookbackDays: 1, models: ['first', 'last', 'linear'] });
    expect(answer.orders).toBe(2);
    expect(answer.revenue).toBe(1008);
    expect(answer.unattributed).toEqual({ orders: 1, revenue: 7 });
    expect(answer.rows).toEqual([
      {
        channel: 'douyin',
        campaignId: 'live',
        paid: true,
        customers: 1,
        touches: 1,
        credits: { first: 1001, last: 0, linear: 501 },
      },
      {
        channel: 'tmall',
        campaignId: '',
        paid: false,
        customers: 1,
        touches: 1,
        credits: { first: 0, last: 1001, linear: 500 },
      },
    ]);
  });

  it('reads only the touch types asked for, and a longer lookback', async () => {
    const answer = await serviceOver(
      [{ customer_id: 'cus-1', placed_ms: placed, total: 10 }],
      timelines,
    ).query({ ...query, lookbackDays: 2, touchTypes: ['click'], models: ['first'] });
    expect(answer.rows).toEqual([
      {
        channel: 'douyin',
        campaignId: 'live',
        paid: true,
        customers: 1,
        touches: 1,
        credits: { first: 10 },
      },
    ]);
  });

  it('refuses an entry whose term is unknown', async () => {
    const unknown = Buffer.alloc(8);
    unknown.writeUInt32BE(99, 4);
    await expect(
      serviceOver([{ customer_id: 'cus-1', placed_ms: placed, total: 10 }], {
        'cus-1': [{ month, entries: unknown }],
      }).query(query),
    ).rejects.toThrow('a touch timeline entry names term 99, not in touch_terms');
  });

  it('refuses a range of more orders than allowed, counting them', async () => {
    const orders = [1, 2, 3].map((i) => ({ customer_id: `cus-${i}`, placed_ms: placed, total: 1 }));
    await expect(serviceOver(orders, {}, 2).query(query)).rejects.toThrow(
      'the range holds 3 orders; at most 2',
    );
  });
});
