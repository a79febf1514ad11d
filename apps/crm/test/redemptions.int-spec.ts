import { randomUUID } from 'node:crypto';
import { useHarness, waitForMessage } from '@omni/testing';
import { auth, paid, refunded, startCrm, type Crm } from './support/crm-harness';

type Lot = {
  lotId: string;
  orderId: string | null;
  earned: number;
  remaining: number;
  expiresAt: string;
};
type PointsBody = {
  balance: number;
  spendable: number;
  lots: Lot[];
  entries: { entryType: string; delta: number; lotId: string | null }[];
  next?: string;
};

// "now" is after 2026-11-30: lots earned before November 2025 have expired (end of month, 12 months on).
const EXPIRED_ORDER_AT = '2025-10-15T10:00:00Z';

function helpers(crm: Crm) {
  const points = async (customerId: string, query = '') => {
    const response = await crm.app.inject({
      method: 'GET',
      url: `/v1/customers/${customerId}/points${query}`,
      headers: auth,
    });
    return response.json() as PointsBody;
  };
  const redeem = (customerId: string, body: unknown, key: string | null = randomUUID()) =>
    crm.app.inject({
      method: 'POST',
      url: `/v1/customers/${customerId}/points/redemptions`,
      headers: { ...auth, ...(key === null ? {} : { 'idempotency-key': key }) },
      payload: body as object,
    });
  const ledgerRows = async (customerId: string) =>
    Number(
      (
        (await crm.dataSource.query(`SELECT count(*) FROM point_ledger WHERE customer_id = $1`, [
          customerId,
        ])) as { count: string }[]
      )[0].count,
    );
  return { points, redeem, ledgerRows };
}

describe('points redemptions', () => {
  const crm = useHarness(startCrm);
  const { points, redeem, ledgerRows } = helpers(crm);

  it('burns the earliest-expiring lot first, then the oldest earned, and lists what each lot paid', async () => {
    const customerId = `cus-${randomUUID()}`;
    // Expiry: A end of April 2027; B and C end of January 2027 (B earned first).
    await crm.apply(
      paid(customerId, 'A', 50_000, '2026-03-10T10:00:00Z'),
      paid(customerId, 'C', 30_000, '2026-01-20T10:00:00Z'),
      paid(customerId, 'B', 20_000, '2026-01-05T10:00:00Z'),
    );
    const byOrder = new Map((await points(customerId)).lots.map((lot) => [lot.orderId, lot.lotId]));
    const response = await redeem(customerId, { points: 600, reference: 'order-42' });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      points: 600,
      balance: 400,
      reference: 'order-42',
      lots: [
        { lotId: byOrder.get('B'), points: 200 },
        { lotId: byOrder.get('C'), points: 300 },
        { lotId: byOrder.get('A'), points: 100 },
      ],
    });
    const after = await points(customerId);
    expect(after.balance).toBe(400);
    expect(after.lots.map((lot) => [lot.orderId, lot.remaining])).toEqual([
      ['B', 0],
      ['C', 0],
      ['A', 400],
    ]);
  });

  it('an expired lot cannot be burned, even before the expiry run wrote it off', async () => {
    const customerId = `cus-${randomUUID()}`;
    await crm.apply(
      paid(customerId, 'old', 100_000, EXPIRED_ORDER_AT),
      paid(customerId, 'new', 10_000, '2026-06-01T10:00:00Z'),
    );
    const before = await points(customerId);
    expect(before.balance).toBe(1_100);
    expect(before.spendable).toBe(100);
    const refused = await redeem(customerId, { points: 101 });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({
      code: 'insufficient_points',
      details: { requested: 101, available: 100 },
    });
    const accepted = await redeem(customerId, { points: 100 });
    expect(accepted.statusCode).toBe(201);
    expect(accepted.json().lots).toEqual([
      { lotId: before.lots.find((l) => l.orderId === 'new')?.lotId, points: 100 },
    ]);
  });

  it('the expiry run writes an expired lot off once and publishes it', async () => {
    const customerId = `cus-${randomUUID()}`;
    await crm.apply(paid(customerId, 'old', 70_000, EXPIRED_ORDER_AT));
    const run = async () =>
      crm.app.inject({ method: 'POST', url: '/v1/points/expiry-runs', headers: auth });
    const first = await run();
    expect(first.statusCode).toBe(200);
    expect(first.json().points).toBeGreaterThanOrEqual(700);
    const after = await points(customerId);
    expect(after.balance).toBe(0);
    expect(after.lots[0].remaining).toBe(0);
    expect(after.entries.filter((e) => e.entryType === 'expire')).toEqual([
      expect.objectContaining({ delta: -700, lotId: after.lots[0].lotId }),
    ]);
    await run();
    expect((await points(customerId)).entries.filter((e) => e.entryType === 'expire')).toHaveLength(
      1,
    );
    const event = await waitForMessage<{
      type: string;
      customerId: string;
      payload: { entryType: string; delta: number; balance: number };
    }>(
      crm.topics.customerChanges,
      ({ value }) => value.customerId === customerId && value.payload?.entryType === 'expire',
    );
    expect(event.value.payload).toMatchObject({ delta: -700, balance: 0 });
  });

  it('refuses a redemption the balance does not cover with 409 insufficient_points and changes nothing', async () => {
    const customerId = `cus-${randomUUID()}`;
    await crm.apply(paid(customerId, 'o1', 10_000, '2026-06-01T10:00:00Z'));
    const before = await points(customerId);
    const entries = await ledgerRows(customerId);
    const response = await redeem(customerId, { points: 101 });
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('insufficient_points');
    expect(await points(customerId)).toEqual(before);
    expect(await ledgerRows(customerId)).toBe(entries);
  });

  it('a repeated Idempotency-Key answers the first redemption and burns nothing more; another request under it is refused', async () => {
    const customerId = `cus-${randomUUID()}`;
    await crm.apply(paid(customerId, 'o1', 10_000, '2026-06-01T10:00:00Z'));
    const key = randomUUID();
    const first = await redeem(customerId, { points: 30 }, key);
    const again = await redeem(customerId, { points: 30 }, key);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect((await points(customerId)).balance).toBe(70);
    const other = await redeem(customerId, { points: 31 }, key);
    expect(other.statusCode).toBe(409);
    expect(other.json().code).toBe('idempotency_key_reused');
    expect((await points(customerId)).balance).toBe(70);
  });

  it('50 concurrent redemptions on a balance that covers 10 never overspend', async () => {
    const customerId = `cus-${randomUUID()}`;
    await crm.apply(
      paid(customerId, 'o1', 40_000, '2026-05-01T10:00:00Z'),
      paid(customerId, 'o2', 60_000, '2026-06-01T10:00:00Z'),
    );
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => redeem(customerId, { points: 100 })),
    );
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(40);
    const after = await points(customerId, '?limit=500');
    expect(after.balance).toBe(0);
    expect(after.lots.every((lot) => lot.remaining === 0)).toBe(true);
    expect(
      after.entries.filter((e) => e.entryType === 'burn').reduce((s, e) => s + e.delta, 0),
    ).toBe(-1_000);
  });

  it('a refund of points already spent leaves the balance owing them (negative-balance policy) and publishes what is owed', async () => {
    const customerId = `cus-${randomUUID()}`;
    await crm.apply(paid(customerId, 'o1', 100_000, '2026-06-01T10:00:00Z'));
    expect((await redeem(customerId, { points: 800 })).statusCode).toBe(201);
    await crm.apply(refunded(customerId, 'o1', 100_000, '2026-06-05T10:00:00Z'));
    const after = await points(customerId);
    expect(after.balance).toBe(-800);
    expect(after.spendable).toBe(0);
    expect(after.lots[0].remaining).toBe(0);
    const event = await waitForMessage<{
      customerId: string;
      payload: { entryType: string; delta: number; balance: number; owed?: number };
    }>(
      crm.topics.customerChanges,
      ({ value }) =>
        value.customerId === customerId &&
        value.payload?.entryType === 'reverse' &&
        value.payload.delta === -800,
    );
    expect(event.value.payload).toMatchObject({ entryType: 'reverse', balance: 0, owed: 800 });
  });

  it('manual adjustments: a positive one is a lot of its own, a negative one burns and is refused beyond the balance', async () => {
    const customerId = `cus-${randomUUID()}`;
    await crm.apply(paid(customerId, 'o1', 10_000, '2026-06-01T10:00:00Z'));
    const adjust = (body: unknown) =>
      crm.app.inject({
        method: 'POST',
        url: `/v1/customers/${customerId}/points/adjustments`,
        headers: auth,
        payload: body as object,
      });
    expect((await adjust({ points: 50, reason: 'goodwill' })).json()).toEqual({ balance: 150 });
    expect((await adjust({ points: -120, reason: 'correction' })).json()).toEqual({ balance: 30 });
    expect((await adjust({ points: -31, reason: 'too much' })).statusCode).toBe(409);
    expect((await adjust({ points: 0, reason: 'nothing' })).statusCode).toBe(400);
    const after = await points(customerId);
    expect(after.lots.map((lot) => lot.earned).sort((a, b) => a - b)).toEqual([50, 100]);
    expect(
      after.entries
        .filter((e) => e.entryType === 'adjust')
        .map((e) => e.delta)
        .sort((a, b) => a - b),
    ).toEqual([-100, -20, 50]);
  });

  it('the ledger pages newest first with a cursor', async () => {
    const customerId = `cus-${randomUUID()}`;
    await crm.apply(
      paid(customerId, 'o1', 10_000, '2026-06-01T10:00:00Z'),
      paid(customerId, 'o2', 10_000, '2026-06-02T10:00:00Z'),
      paid(customerId, 'o3', 10_000, '2026-06-03T10:00:00Z'),
    );
    const first = await points(customerId, '?limit=2');
    expect(first.entries).toHaveLength(2);
    expect(first.next).toBeDefined();
    const second = await points(customerId, `?limit=2&before=${first.next}`);
    expect(second.entries).toHaveLength(1);
    expect(second.next).toBeUndefined();
    const ids = [...first.entries, ...second.entries].map((e) => e.lotId);
    expect(new Set(ids).size).toBe(3);
  });

  it.each([
    ['no Idempotency-Key', { points: 1 }, null],
    ['points of 0', { points: 0 }, 'k-0'],
    ['fractional points', { points: 1.5 }, 'k-1'],
    ['an unknown field', { points: 1, extra: true }, 'k-2'],
    ['an over-long Idempotency-Key', { points: 1 }, 'k'.repeat(201)],
  ])('answers 400 invalid_request for %s and changes nothing', async (_name, body, key) => {
    const customerId = `cus-${randomUUID()}`;
    await crm.apply(paid(customerId, 'o1', 10_000, '2026-06-01T10:00:00Z'));
    const response = await redeem(customerId, body, key);
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('invalid_request');
    expect((await points(customerId)).balance).toBe(100);
  });

  it('answers 404 customer_not_found for an unknown customer and 401 without the admin token', async () => {
    expect((await redeem(`cus-${randomUUID()}`, { points: 1 })).json().code).toBe(
      'customer_not_found',
    );
    const response = await crm.app.inject({ method: 'GET', url: `/v1/customers/x/points` });
    expect(response.statusCode).toBe(401);
  });
});

describe('points redemptions with the capped claw-back policy', () => {
  const crm = useHarness(() => startCrm({ CRM_POINTS_CLAWBACK: 'capped' }));
  const { points, redeem } = helpers(crm);

  it('a refund of spent points takes back only what other lots hold, never below zero', async () => {
    const customerId = `cus-${randomUUID()}`;
    await crm.apply(
      paid(customerId, 'o1', 100_000, '2026-06-01T10:00:00Z'),
      paid(customerId, 'o2', 30_000, '2026-07-01T10:00:00Z'),
    );
    expect((await redeem(customerId, { points: 900 })).statusCode).toBe(201);
    await crm.apply(refunded(customerId, 'o1', 100_000, '2026-07-05T10:00:00Z'));
    const after = await points(customerId);
    expect(after.balance).toBe(0);
    expect(after.lots.every((lot) => lot.remaining >= 0)).toBe(true);
    expect(
      after.entries.filter((e) => e.entryType === 'reverse').reduce((s, e) => s + e.delta, 0),
    ).toBe(-400);
  });
});
