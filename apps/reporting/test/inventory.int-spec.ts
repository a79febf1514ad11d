import { randomUUID } from 'node:crypto';
import { useHarness } from '@omni/testing';
import {
  auth,
  cny,
  placed,
  resolved,
  startReporting,
  type TestEvent,
} from './support/reporting-harness';
import type { InventoryRow as Row } from '../src/inventory/inventory-figures';

type Answer = { fromDay: string; toDay: string; days: number; rows: Row[] };

const RANGE = 'from=2026-05-01T00:00:00Z&to=2026-05-11T00:00:00Z';

/** A stock snapshot as the ERP connector sends it (a reference feed: no customer). */
function snapshot(
  sku: string,
  where: { storeId: string } | { warehouseId: string },
  at: string,
  onHand: number,
  reserved = 0,
  options: { channel?: string; eventId?: string } = {},
): TestEvent {
  return {
    ...resolved('inventory.snapshot', 'unused', {
      at,
      channel: options.channel ?? 'pos',
      ...(options.eventId === undefined ? {} : { eventId: options.eventId }),
      exactPayload: { sku, ...where, onHand, reserved },
    }),
    customerId: undefined,
  } as TestEvent;
}

const order = (channel: string, at: string, lines: [string, number][], orderId = randomUUID()) =>
  placed(`cus-${orderId}`, `o-${orderId}`, 10_000, {
    channel,
    at,
    payload: {
      lines: lines.map(([sku, quantity]) => ({ sku, quantity, unitPrice: cny(1_000) })),
    },
  });

const cancellation = (orderId: string, at: string) =>
  resolved('order.cancelled', `cus-${orderId}`, {
    channel: 'pos',
    at,
    exactPayload: { orderId: `o-${orderId}`, cancelledBy: 'customer' },
  });

describe('inventory analytics from stock snapshots and orders', () => {
  const s1 = { storeId: 'SH-S1' };
  const s2 = { storeId: 'SH-S2' };
  const stockout = snapshot('A', s1, '2026-05-03T08:00:00Z', 4, 4);
  const repeatOrder = order('pos', '2026-05-02T10:00:00Z', [['A', 2]]);
  // S1's 5 May snapshot arrives after its 9 May one: the latest by event time still wins.
  const late = snapshot('A', s1, '2026-05-05T08:00:00Z', 20);
  // F: 4 units cancelled (twice: taken back once) and 1 kept; G: cancelled before its order arrives.
  const [cancelledF, earlyG] = [randomUUID(), randomUUID()];
  const cancelF = cancellation(cancelledF, '2026-05-04T09:00:00Z');
  const cancelG = cancellation(earlyG, '2026-05-04T09:00:00Z');

  const reporting = useHarness(() => startReporting({ REPORTING_INVENTORY_MAX_DAYS: '31' }));

  beforeAll(async () => {
    const first: TestEvent[] = [
      // Before the range: not counted.
      snapshot('A', s1, '2026-04-30T08:00:00Z', 100),
      // A at store S1: 10, 0 (4 on hand, all reserved), [20 late], 2 → mean 8, latest 2.
      snapshot('A', s1, '2026-05-01T08:00:00Z', 10),
      stockout,
      snapshot('A', s1, '2026-05-09T08:00:00Z', 3, 1),
      // A at store S2: 16, 8 → mean 12, latest 8.
      snapshot('A', s2, '2026-05-02T08:00:00Z', 16),
      snapshot('A', s2, '2026-05-10T12:00:00Z', 8),
      // B in a web warehouse: 50 all along, never sold.
      snapshot('B', { warehouseId: 'WH-1' }, '2026-05-01T06:00:00Z', 50, 0, { channel: 'web' }),
      snapshot('B', { warehouseId: 'WH-1' }, '2026-05-06T06:00:00Z', 50, 0, { channel: 'web' }),
      // C: 5 in S1, one sold the day before the range ends.
      snapshot('C', s1, '2026-05-04T08:00:00Z', 5),
      // E: all of it reserved: no stock, so no slow mover.
      snapshot('E', s1, '2026-05-07T08:00:00Z', 3, 3),
      // A sells 2 + 3 on pos and 5 on tmall; D (no snapshots) 2 on tmall; C 1 on pos.
      repeatOrder,
      order('pos', '2026-05-06T10:00:00Z', [
        ['A', 1],
        ['A', 2],
      ]),
      order('tmall', '2026-05-08T15:00:00Z', [['A', 5]]),
      order('tmall', '2026-05-05T09:00:00Z', [['D', 2]]),
      order('pos', '2026-05-10T00:00:00Z', [['C', 1]]),
      // After the range: not counted.
      order('pos', '2026-05-11T09:00:00Z', [['A', 40]]),
      order('pos', '2026-05-03T10:00:00Z', [['F', 4]], cancelledF),
      order('pos', '2026-05-03T11:00:00Z', [['F', 1]]),
      cancelG,
    ];
    await reporting.send(reporting.topics.resolvedEvents, ...first);
    await reporting.applied(...first);
    const again: TestEvent[] = [
      late,
      // Redelivered, and resent under a new event id: the same snapshot and order count once.
      stockout,
      { ...stockout, eventId: `t-${randomUUID()}` },
      repeatOrder,
      { ...repeatOrder, eventId: `t-${randomUUID()}` },
      cancelF,
      { ...cancelF, eventId: `t-${randomUUID()}` },
      order('pos', '2026-05-03T12:00:00Z', [['G', 2]], earlyG),
    ];
    await reporting.send(reporting.topics.resolvedEvents, ...again);
    await reporting.applied(...again);
  });

  const inventory = (query: string) => reporting.get<Answer>(`/v1/inventory?${query}`);

  it('figures per SKU over every channel, slowest movers first', async () => {
    const { status, body } = await inventory(RANGE);
    expect(status).toBe(200);
    expect(body).toMatchObject({ fromDay: '2026-05-01', toDay: '2026-05-11', days: 10 });
    expect(body.rows.map((r) => [r.sku, r.slowMoverRank])).toEqual([
      ['B', 1],
      ['C', 2],
      ['A', 3],
      ['D', null],
      ['E', null],
      ['F', null],
      ['G', null],
    ]);
    const by = Object.fromEntries(body.rows.map((r) => [r.sku, r]));
    // A: 6 snapshots, 1 at zero; mean stock 8 + 12 = 20, now 2 + 8 = 10; 10 units over 10 days.
    expect(by['A']).toEqual({
      sku: 'A',
      locations: 2,
      snapshots: 6,
      stockoutRate: 1 / 6,
      averageAvailable: 20,
      currentAvailable: 10,
      unitsSold: 10,
      averageDailyUnits: 1,
      turnover: 0.5,
      daysOfCover: 10,
      lastSoldAt: '2026-05-08T15:00:00.000Z',
      daysSinceLastSale: 2.375,
      slowMoverRank: 3,
    });
    expect(by['B']).toMatchObject({
      stockoutRate: 0,
      averageAvailable: 50,
      currentAvailable: 50,
      unitsSold: 0,
      turnover: 0,
      daysOfCover: null,
      daysSinceLastSale: null,
    });
    expect(by['C']).toMatchObject({
      unitsSold: 1,
      turnover: 0.2,
      daysOfCover: 50,
      daysSinceLastSale: 1,
    });
    expect(by['D']).toMatchObject({
      locations: 0,
      stockoutRate: null,
      currentAvailable: null,
      unitsSold: 2,
      turnover: null,
    });
    expect(by['E']).toMatchObject({ stockoutRate: 1, currentAvailable: 0, turnover: null });
    // A cancelled order sold nothing, however often its cancellation arrives, and whenever.
    expect(by['F']).toMatchObject({ unitsSold: 1 });
    expect(by['G']).toMatchObject({ unitsSold: 0 });
  });

  it('one channel: its own stock and its own orders', async () => {
    const { body } = await inventory(`${RANGE}&channel=pos&sku=A`);
    // A on pos: the same stock, 5 of its 10 units.
    expect(body.rows).toEqual([
      expect.objectContaining({
        sku: 'A',
        unitsSold: 5,
        averageDailyUnits: 0.5,
        turnover: 0.25,
        daysOfCover: 20,
        lastSoldAt: '2026-05-06T10:00:00.000Z',
      }),
    ]);
    const web = await inventory(`${RANGE}&channel=web`);
    expect(web.body.rows.map((r) => r.sku)).toEqual(['B']);
  });

  it('a late snapshot lands in its own day; a shorter range sees only its days', async () => {
    const { body } = await inventory('from=2026-05-05T00:00:00Z&to=2026-05-06T00:00:00Z&sku=A');
    expect(body.rows).toEqual([
      expect.objectContaining({ snapshots: 1, averageAvailable: 20, currentAvailable: 20 }),
    ]);
  });

  it('the dashboard table and the CSV export carry the same figures', async () => {
    const table = await reporting.get<{
      columns: string[];
      rows: { cells: Record<string, unknown>; suppressed: string[] }[];
    }>(`/v1/dashboard/inventory?${RANGE}&limit=2`);
    expect(table.status).toBe(200);
    expect(table.body.rows.map((r) => r.cells['sku'])).toEqual(['B', 'C']);
    const csv = await reporting.app.inject({
      method: 'GET',
      url: `/v1/exports/inventory.csv?${RANGE}&sku=A`,
      headers: auth,
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toContain('inventory.csv');
    expect(csv.body).toBe(
      'sku,slowMoverRank,locations,currentAvailable,averageAvailable,stockoutRate,unitsSold,turnover,daysOfCover,daysSinceLastSale,lastSoldAt,suppressed\r\n' +
        `A,1,2,10,20,${1 / 6},10,0.5,10,2.375,2026-05-08T15:00:00.000Z,\r\n`,
    );
  });

  it('units sold are net of returned units: once per refund, never more than sold, whenever the refund arrives', async () => {
    const JUNE = 'from=2026-06-01T00:00:00Z&to=2026-06-10T00:00:00Z';
    const orderId = randomUUID();
    const refund = (at: string, refundType: string, lines: [string, number][]) =>
      resolved('order.refunded', `cus-${orderId}`, {
        channel: 'pos',
        at,
        exactPayload: {
          orderId: `o-${orderId}`,
          amount: cny(1_000),
          refundType,
          lines: lines.map(([sku, quantity]) => ({ sku, quantity })),
        },
      });
    const sold = async () =>
      Object.fromEntries((await inventory(JUNE)).body.rows.map((row) => [row.sku, row.unitsSold]));
    // The return arrives before its order, and is redelivered; 仅退款 (refund only) keeps its units sold.
    const returned = refund('2026-06-03T10:00:00Z', 'return-and-refund', [['R1', 2]]);
    const first: TestEvent[] = [
      returned,
      order(
        'pos',
        '2026-06-02T10:00:00Z',
        [
          ['R1', 5],
          ['R2', 2],
        ],
        orderId,
      ),
      returned,
      refund('2026-06-03T11:00:00Z', 'refund-only', [['R2', 1]]),
    ];
    await reporting.send(reporting.topics.resolvedEvents, ...first);
    await reporting.applied(...first);
    expect(await sold()).toEqual({ R1: 3, R2: 2 });
    // A second return asks for more than is left: it returns the 3 left, never below zero.
    const second = refund('2026-06-04T10:00:00Z', 'return-and-refund', [['R1', 10]]);
    await reporting.send(reporting.topics.resolvedEvents, second);
    await reporting.applied(second);
    expect(await sold()).toEqual({ R1: 0, R2: 2 });
    // Cancelling the order afterwards takes back only what was not returned.
    const cancelled = cancellation(orderId, '2026-06-05T09:00:00Z');
    await reporting.send(reporting.topics.resolvedEvents, cancelled);
    await reporting.applied(cancelled);
    expect(await sold()).toEqual({ R1: 0, R2: 0 });
  });

  it('a snapshot without a store or warehouse goes to the dead-letter topic and the next one is applied', async () => {
    const poison = snapshot('Z', s1, '2026-05-02T08:00:00Z', 1);
    const { storeId: _, ...payload } = poison['payload'] as Record<string, unknown>;
    await reporting.send(reporting.topics.resolvedEvents, { ...poison, payload });
    const next = snapshot('Z', s1, '2026-05-03T08:00:00Z', 7);
    await reporting.send(reporting.topics.resolvedEvents, next);
    await reporting.applied(next);
    const { body } = await inventory(`${RANGE}&sku=Z`);
    expect(body.rows).toEqual([expect.objectContaining({ snapshots: 1, currentAvailable: 7 })]);
    expect(
      await reporting.count(`SELECT count(*) AS n FROM dead_letters WHERE topic = $1`, [
        reporting.topics.resolvedEvents,
      ]),
    ).toBe(1);
  });

  it.each([
    ['from after to', 'invalid_request', 'from=2026-05-11T00:00:00Z&to=2026-05-01T00:00:00Z'],
    [
      'no start of a UTC day',
      'invalid_request',
      'from=2026-05-02T08:00:00Z&to=2026-05-02T20:00:00Z',
    ],
    ['a malformed time', 'invalid_request', 'from=yesterday&to=2026-05-11T00:00:00Z'],
    ['an unknown parameter', 'invalid_request', `${RANGE}&store=SH-S1`],
    ['a limit of 0', 'invalid_request', `${RANGE}&limit=0`],
    [
      'more days than REPORTING_INVENTORY_MAX_DAYS',
      'range_too_large',
      'from=2026-04-01T00:00:00Z&to=2026-05-11T00:00:00Z',
    ],
  ])('%s is 400 %s and changes nothing', async (_, code, query) => {
    const before = await reporting.count(`SELECT count(*) AS n FROM inventory_days`);
    const { status, body } = await reporting.get<{ code: string; message: string }>(
      `/v1/inventory?${query}`,
    );
    expect(status).toBe(400);
    expect(body).toMatchObject({ code });
    expect(body.message.length).toBeGreaterThan(0);
    expect(await reporting.count(`SELECT count(*) AS n FROM inventory_days`)).toBe(before);
  });
});
