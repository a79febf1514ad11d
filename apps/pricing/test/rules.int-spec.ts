import { randomUUID } from 'node:crypto';
import { goldenFixture, HEADERS, validateDownstreamEvent } from '@omni/contracts';
import { useHarness, waitForMessage } from '@omni/testing';
import { eventually, startPricingHarness } from './support/pricing-harness';

const change = { actor: 'ops:test', reason: 'rules test' };
let counter = 0;
const newSku = () => `RULE-${Date.now().toString(36)}-${(counter += 1)}`;

/** A resolved reference-feed event as identity-resolution publishes it, keyed by SKU. */
function feedEvent(type: string, payload: Record<string, unknown>, eventId = randomUUID()) {
  const fixture = goldenFixture(type, 1);
  const now = new Date().toISOString();
  const personal =
    type === 'product.viewed' || type === 'cart.item-added' || type === 'order.placed';
  return {
    ...fixture,
    type,
    eventId,
    // Channel events arrive resolved to a customer; pricing reads only their SKU and counts.
    ...(personal ? { customerId: 'cus_rules_test' } : {}),
    occurredAt: now,
    correlationId: eventId,
    causationId: eventId,
    payload: { ...(fixture['payload'] as object), ...payload },
  };
}

describe('dynamic rules on the feeds of identity.resolved-events.v1', () => {
  const h = useHarness(startPricingHarness);

  const send = (...events: ReturnType<typeof feedEvent>[]) =>
    h.producer.send(
      h.topics.feed,
      events.map((value) => ({
        key: (value.payload as { sku: string }).sku,
        value,
        headers: { [HEADERS.eventType]: value.type, [HEADERS.eventVersion]: '1' },
      })),
    );

  async function pricedSku(
    listAmount: number,
    settings: { cost: number; minMargin: number; ceiling: number },
  ) {
    const sku = newSku();
    const put = await h.app.inject({
      method: 'PUT',
      url: `/v1/skus/${sku}/settings`,
      headers: { authorization: 'Bearer test-pricing-admin-token-0123456789' },
      payload: { currency: 'CNY', ...settings, ...change },
    });
    expect(put.statusCode).toBe(200);
    const list = await h.post('/v1/price-lists', {
      name: 'base',
      prices: [{ sku, amount: listAmount, currency: 'CNY' }],
      ...change,
    });
    expect((await h.post(`/v1/price-lists/${list.json().id}/publish`, change)).statusCode).toBe(
      200,
    );
    return sku;
  }

  const attach = (sku: string, rule: string, args: object) =>
    h.post('/v1/rules', { sku, rule, args, ...change });

  const auditOf = async (sku: string) =>
    (await h.get(`/v1/audit?sku=${sku}&limit=1000`)).json() as {
      action: string;
      after: {
        decision?: { kind: string; amount?: number; proposed?: number; clamped?: string | null };
        inputs?: unknown;
      };
    }[];

  const selected = async (sku: string) =>
    (await h.post('/v1/prices/select', { skus: [sku], currency: 'CNY', channel: 'tmall' })).json()
      .prices[0];

  it('a competitor price below the floor yields the floor, audited as clamped with its inputs, and is published', async () => {
    // Floor: ⌈6,000 / 0.7⌉ = 8,572.
    const sku = await pricedSku(10_000, { cost: 6_000, minMargin: 0.3, ceiling: 20_000 });
    const attached = await attach(sku, 'competitor', {
      beatBy: 100,
      maxAgeMinutes: 60,
      maxReduction: 5_000,
    });
    expect(attached.statusCode).toBe(201);
    await send(
      feedEvent('competitor.price-observed', {
        sku,
        price: { amount: 7_000, currency: 'CNY' },
        observedAt: new Date().toISOString(),
      }),
    );
    const clamped = await eventually(
      async () => (await auditOf(sku)).find((entry) => entry.action === 'rule.clamped'),
      'the clamped rule result',
    );
    expect(clamped.after.decision).toMatchObject({
      kind: 'apply',
      proposed: 6_900,
      amount: 8_572,
      clamped: 'floor',
    });
    expect(clamped.after.inputs).toMatchObject({
      competitors: [expect.objectContaining({ amount: 7_000 })],
    });
    // A rule result reaches selection through the catalog within its staleness bound.
    const floored = await eventually(async () => {
      const entry = await selected(sku);
      return entry.price.amount === 8_572 ? entry : undefined;
    }, 'the floored price in selection');
    expect(floored).toMatchObject({ price: { amount: 8_572 }, floor: 8_572 });
    const message = await waitForMessage<{
      payload: { sku: string; newPrice: { amount: number }; ruleId?: string };
    }>(
      h.topics.priceChanges,
      (m) => m.value.payload.sku === sku && m.value.payload.newPrice.amount === 8_572,
    );
    expect(validateDownstreamEvent(message.value).ok).toBe(true);
    expect(message.value.payload.ruleId).toBe(attached.json().id);
  });

  /** A SKU listed at 10,000 under a stock rule: more than 30 days of cover marks it down 10%. */
  async function overstockRuledSku(): Promise<string> {
    const sku = await pricedSku(10_000, { cost: 5_000, minMargin: 0, ceiling: 20_000 });
    await attach(sku, 'stock', {
      overstockDaysOfCover: 30,
      overstockChangeBp: -1_000,
      clearanceBelowUnits: 0,
      clearanceChangeBp: 0,
    });
    return sku;
  }

  it('keeps stock counts beyond 32 bits, as the contract allows, and marks an overstocked SKU down on them', async () => {
    const sku = await overstockRuledSku();
    // Two locations of 3 billion each: each count and their sum are beyond a 32-bit integer.
    await send(
      feedEvent('inventory.snapshot', { sku, storeId: 'S1', onHand: 3_000_000_000, reserved: 0 }),
      feedEvent('inventory.snapshot', { sku, storeId: 'S2', onHand: 3_000_000_001, reserved: 0 }),
    );
    await eventually(
      async () => ((await selected(sku)).price.amount === 9_000 ? true : undefined),
      'the markdown',
    );
    const stock = await h.db.dataSource.query(
      `SELECT location, on_hand::text AS on_hand FROM stock_levels WHERE sku = $1 ORDER BY location`,
      [sku],
    );
    expect(stock.map((row: { on_hand: string }) => row.on_hand)).toEqual([
      '3000000000',
      '3000000001',
    ]);
  });

  it('a redelivered inventory snapshot changes nothing twice', async () => {
    const sku = await overstockRuledSku();
    const snapshot = feedEvent('inventory.snapshot', { sku, onHand: 500, reserved: 0 });
    await send(snapshot);
    await eventually(
      async () => ((await selected(sku)).price.amount === 9_000 ? true : undefined),
      'the markdown',
    );
    const counts = async () =>
      (
        await h.db.dataSource.query(
          `SELECT (SELECT count(*) FROM audit_log WHERE sku = $1)::int AS audit,
                  (SELECT count(*) FROM effective_prices WHERE sku = $1)::int AS history,
                  (SELECT count(*) FROM rule_prices WHERE sku = $1)::int AS rule_prices`,
          [sku],
        )
      )[0];
    const before = await counts();
    // The same message again, and the same snapshot under a new id; then a view to know both were consumed.
    await send(snapshot, { ...snapshot, eventId: randomUUID() });
    await send(feedEvent('product.viewed', { sku }));
    await eventually(async () => {
      const rows = await h.db.dataSource.query(`SELECT views FROM demand_hours WHERE sku = $1`, [
        sku,
      ]);
      return rows[0]?.views === 1 ? true : undefined;
    }, 'the view');
    expect(await counts()).toEqual({ ...before, audit: before.audit });
    expect((await selected(sku)).price.amount).toBe(9_000);
    const inbox = await h.db.dataSource.query(
      `SELECT count(*)::int AS n FROM inbox WHERE event_id = $1`,
      [snapshot.eventId],
    );
    expect(inbox).toEqual([{ n: 1 }]);
  });

  it('holds back a second change inside the minimum interval, audited as rate-limited', async () => {
    const sku = await pricedSku(10_000, { cost: 1_000, minMargin: 0, ceiling: 20_000 });
    await attach(sku, 'competitor', { beatBy: 0, maxAgeMinutes: 60, maxReduction: 5_000 });
    const observe = (amount: number, competitor: string) =>
      send(
        feedEvent('competitor.price-observed', {
          sku,
          competitor,
          price: { amount, currency: 'CNY' },
          observedAt: new Date().toISOString(),
        }),
      );
    await observe(9_500, 'A');
    await eventually(
      async () => ((await selected(sku)).price.amount === 9_500 ? true : undefined),
      'the match',
    );
    await observe(9_000, 'B');
    const limited = await eventually(
      async () => (await auditOf(sku)).find((entry) => entry.action === 'rule.rate-limited'),
      'the rate-limited result',
    );
    expect(limited.after.decision).toMatchObject({ kind: 'rate-limited', wanted: 9_000 });
    expect((await selected(sku)).price.amount).toBe(9_500);
  });

  it('runs the rules again from a new list price, so a rule price never outlives the list it started from', async () => {
    const sku = await pricedSku(10_000, { cost: 1_000, minMargin: 0, ceiling: 20_000 });
    await attach(sku, 'competitor', { beatBy: 100, maxAgeMinutes: 60, maxReduction: 5_000 });
    await send(
      feedEvent('competitor.price-observed', {
        sku,
        price: { amount: 9_500, currency: 'CNY' },
        observedAt: new Date().toISOString(),
      }),
    );
    await eventually(
      async () => ((await selected(sku)).price.amount === 9_400 ? true : undefined),
      'the match',
    );
    // The old list goes, a lower one comes: the competitor is no longer undercut, the rule steps aside.
    const lists = (await h.get('/v1/price-lists')).json() as { id: string; status: string }[];
    const listOf = async (id: string) => (await h.get(`/v1/price-lists/${id}`)).json();
    for (const list of lists.filter((l) => l.status === 'published'))
      if ((await listOf(list.id)).prices.some((p: { sku: string }) => p.sku === sku))
        expect((await h.post(`/v1/price-lists/${list.id}/archive`, change)).statusCode).toBe(200);
    const lower = await h.post('/v1/price-lists', {
      name: 'lower',
      prices: [{ sku, amount: 8_000, currency: 'CNY' }],
      ...change,
    });
    expect((await h.post(`/v1/price-lists/${lower.json().id}/publish`, change)).statusCode).toBe(
      200,
    );
    expect((await selected(sku)).price.amount).toBe(8_000);
    expect((await auditOf(sku)).map((entry) => entry.action)).toContain('rule.clear');
  });

  it('dry-run shows what the rules would do now and changes nothing', async () => {
    const sku = await pricedSku(10_000, { cost: 1_000, minMargin: 0, ceiling: 20_000 });
    await attach(sku, 'scheduled', {
      stages: [
        {
          from: new Date(Date.now() + 3_600_000).toISOString(),
          to: new Date(Date.now() + 7_200_000).toISOString(),
          amount: 8_800,
          label: 'pre-sale',
        },
      ],
    });
    const history = async () =>
      (
        await h.db.dataSource.query(
          `SELECT count(*)::int AS n FROM effective_prices WHERE sku = $1`,
          [sku],
        )
      )[0].n;
    const before = await history();
    const response = await h.post('/v1/rules/dry-run', {
      skus: [sku],
      at: new Date(Date.now() + 5_400_000).toISOString(),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual([
      expect.objectContaining({
        sku,
        listPrice: 10_000,
        outcome: expect.objectContaining({
          decision: expect.objectContaining({ kind: 'apply', amount: 8_800 }),
        }),
      }),
    ]);
    expect(await history()).toBe(before);
    expect((await selected(sku)).price.amount).toBe(10_000);
  });

  it('starts and ends a scheduled stage on time without any feed event', async () => {
    const sku = await pricedSku(10_000, { cost: 1_000, minMargin: 0, ceiling: 20_000 });
    const from = new Date(Date.now() + 1_500);
    await attach(sku, 'scheduled', {
      stages: [
        {
          from: from.toISOString(),
          to: new Date(from.getTime() + 1_500).toISOString(),
          amount: 8_800,
          label: 'flash',
        },
      ],
    });
    expect((await selected(sku)).price.amount).toBe(10_000);
    await eventually(
      async () => ((await selected(sku)).price.amount === 8_800 ? true : undefined),
      'the stage to start',
    );
    await eventually(
      async () => ((await selected(sku)).price.amount === 10_000 ? true : undefined),
      'the stage to end',
    );
    const actions = (await auditOf(sku)).map((entry) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['rule.applied', 'rule.clear']));
  });

  it('refuses unknown rules and bad arguments with 400, and rules on a SKU without floor and ceiling with 422', async () => {
    const sku = await pricedSku(10_000, { cost: 1_000, minMargin: 0, ceiling: 20_000 });
    expect((await attach(sku, 'astrology', {})).json()).toMatchObject({ code: 'invalid_request' });
    const bad = await attach(sku, 'competitor', { beatBy: -1, maxAgeMinutes: 60, maxReduction: 1 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.issues[0].path).toBe('args.beatBy');
    const bare = await attach(newSku(), 'competitor', { maxAgeMinutes: 60, maxReduction: 1 });
    expect(bare.statusCode).toBe(422);
    expect(bare.json().code).toBe('sku_settings_required');
  });

  it('dead-letters a malformed snapshot without blocking the events behind it', async () => {
    const sku = await pricedSku(10_000, { cost: 1_000, minMargin: 0, ceiling: 20_000 });
    const poison = feedEvent('inventory.snapshot', { sku, onHand: -1 });
    await send(poison, feedEvent('product.viewed', { sku }));
    await eventually(async () => {
      const rows = await h.db.dataSource.query(`SELECT views FROM demand_hours WHERE sku = $1`, [
        sku,
      ]);
      return rows[0]?.views === 1 ? true : undefined;
    }, 'the view behind the poison message');
    const dead = await waitForMessage<{ eventId: string }>(
      h.deadLetterTopic,
      (m) => m.value.eventId === poison.eventId,
    );
    expect(dead.headers[HEADERS.dltOriginalTopic]).toBe(h.topics.feed);
  });
});
