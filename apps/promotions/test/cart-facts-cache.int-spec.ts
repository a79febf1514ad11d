import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestApp, useHarness } from '@omni/testing';
import { AppModule } from '../src/app.module';
import { promotionsConfig } from '../src/config/promotions-config';
import { CartFactsCache } from '../src/read-models/cart-facts-cache';
import { readModelsChannel } from '../src/read-models/read-model-changes';
import { ReadModelsRepository, type CartFacts } from '../src/read-models/read-models.repository';
import { service } from '../src/service';
import {
  auth,
  change,
  downstreamEvent,
  eventually,
  liveCampaign,
  processed,
  send,
  startPromotionsHarness,
  unique,
} from './support/promotions-harness';

type QuoteAnswer = {
  lines: { sku: string; unitPrice: number; total: number }[];
  applied: { name: string }[];
  refusedCoupons: { code: string; reason: string }[];
};

describe('the cart facts and live promotions of each replica, kept true by change notifications', () => {
  const h = useHarness(startPromotionsHarness);
  const replicas: NestFastifyApplication[] = [];

  /** Another process of the service on the same schema, as a second replica would be. */
  async function replica(
    entries = '200000',
    env: Record<string, string> = {},
  ): Promise<NestFastifyApplication> {
    const app = await createTestApp({
      module: AppModule,
      service,
      config: promotionsConfig,
      env: { ...h.env, PROMOTIONS_CART_FACTS_CACHE_ENTRIES: entries, ...env },
    });
    replicas.push(app);
    if (entries !== '0')
      await eventually(
        async () => app.get(CartFactsCache).isInUse() || undefined,
        'the replica to listen',
      );
    return app;
  }

  afterAll(async () => {
    for (const app of replicas) await app.close();
  });

  const sql = (text: string, parameters: unknown[] = []) => h.db.dataSource.query(text, parameters);

  async function quote(
    app: NestFastifyApplication,
    request: { customerId?: string; skus: string[]; couponCodes?: string[] },
  ): Promise<QuoteAnswer> {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/quotes',
      headers: auth,
      payload: {
        channel: 'tmall',
        currency: 'CNY',
        ...(request.customerId === undefined ? {} : { customerId: request.customerId }),
        couponCodes: request.couponCodes ?? [],
        lines: request.skus.map((sku, index) => ({
          lineId: `L${String(index).padStart(2, '0')}`,
          sku,
          quantity: 1,
        })),
      },
    });
    if (response.statusCode !== 200) throw new Error(`quote: ${response.body}`);
    return response.json();
  }

  async function setPrice(sku: string, amount: number, validFrom = '2026-01-01T00:00:00Z') {
    await sql(
      `INSERT INTO sku_prices (sku, channel, currency, customer_group, valid_from, amount, occurred_at)
       VALUES ($1, 'tmall', 'CNY', '', $2, $3, now())
       ON CONFLICT (sku, channel, currency, customer_group, valid_from) DO UPDATE SET amount = excluded.amount`,
      [sku, validFrom, amount],
    );
  }

  /**
   * `count` orders of one `sku` with the coupon `code`, each by another customer, consumed; then
   * the coupon's uses and its recorded redemptions.
   */
  async function orderWith(code: string, sku: string, count: number) {
    const orders = Array.from({ length: count }, () =>
      downstreamEvent('order.placed', {
        customerId: unique('cus-'),
        payload: {
          orderId: unique('ord'),
          lines: [{ sku, quantity: 1, unitPrice: { amount: 10_000, currency: 'CNY' } }],
          subtotal: undefined,
          discount: undefined,
          shipping: undefined,
          total: { amount: 8_000, currency: 'CNY' },
          coupons: [code],
        },
      }),
    );
    await send(
      h.producer,
      h.topics.resolvedEvents,
      (event) => String(event['customerId']),
      ...orders,
    );
    await eventually(() => processed(h.db, orders), `${count} orders`);
    const [counts]: { uses: number; redeemed: number }[] = await sql(
      `SELECT c.uses, (SELECT count(*)::int FROM redemptions WHERE coupon_code = c.code AND status = 'recorded') AS redeemed
         FROM coupons c WHERE c.code = $1`,
      [code],
    );
    return counts!;
  }

  /** A live campaign: silver members 10% off, and 20 off with the coupon `code` (`maxUses`). */
  async function memberAndCouponCampaign(code: string, maxUses: number) {
    const campaign = await liveCampaign(
      h,
      [
        {
          name: 'member 10%',
          priority: 100,
          conditions: [{ code: 'tier-at-least', args: { tier: 'silver' } }],
          actions: [{ code: 'percent-off', args: { basisPoints: 1000, target: 'lines' } }],
        },
        {
          name: `coupon ${code}`,
          priority: 50,
          conditions: [{ code: 'coupon-code', args: { code } }],
          actions: [{ code: 'amount-off', args: { amount: 2_000, per: 'order' } }],
        },
      ],
      { channels: ['tmall'] },
    );
    const made = await h.post(
      `/v1/campaigns/${campaign.id}/coupons`,
      { code, maxUses, ...change },
      'ops:author',
    );
    expect(made.statusCode).toBe(201);
    return campaign;
  }

  it('a price, a tier, a floor and a coupon use written through another connection are seen by the next quotes of a second replica', async () => {
    const code = unique('CACHE');
    await memberAndCouponCampaign(code, 1);
    const sku = unique('SKU-C');
    const customerId = unique('cus-');
    await setPrice(sku, 10_000);
    const other = await replica();
    const request = { customerId, skus: [sku], couponCodes: [code] };
    const first = await quote(other, request);
    expect(first.lines[0]).toMatchObject({ unitPrice: 10_000, total: 8_000 });
    expect(first.applied.map(({ name }) => name)).toEqual([`coupon ${code}`]);
    expect(other.get(CartFactsCache).size).toBeGreaterThan(0);
    expect(await quote(other, request)).toMatchObject({
      lines: first.lines,
      applied: first.applied,
    });

    await sql(`UPDATE sku_prices SET amount = 8000 WHERE sku = $1`, [sku]);
    await sql(`INSERT INTO customers (customer_id, tier, tier_at) VALUES ($1, 'gold', now())`, [
      customerId,
    ]);
    await sql(`UPDATE coupons SET uses = 1 WHERE code = $1`, [code]);
    await sql(
      `INSERT INTO sku_floors (sku, currency, floor, updated_at) VALUES ($1, 'CNY', 7500, now())`,
      [sku],
    );

    const changed = await eventually(async () => {
      const answer = await quote(other, request);
      return answer.lines[0]!.unitPrice === 8_000 &&
        answer.lines[0]!.total === 7_500 &&
        answer.applied.length === 1 &&
        answer.refusedCoupons.length === 1
        ? answer
        : undefined;
    }, 'the replica to quote the changed facts');
    // 8000 less 10% for gold (7200), kept at the new floor of 7500; the coupon's one use is taken.
    expect(changed.lines[0]).toMatchObject({ unitPrice: 8_000, total: 7_500 });
    expect(changed.applied.map(({ name }) => name)).toEqual(['member 10%']);
    expect(changed.refusedCoupons).toEqual([{ code, reason: 'all 1 uses taken' }]);
  });

  it('a coupon use taken by an order is refused by the next quotes; its limit holds whatever a quote cached', async () => {
    const code = unique('LIMIT');
    await memberAndCouponCampaign(code, 1);
    const sku = unique('SKU-L');
    await setPrice(sku, 10_000);
    const cached = await quote(h.app, { skus: [sku], couponCodes: [code] });
    expect(cached.refusedCoupons).toEqual([]);
    // Two orders with the code while the quotes' cache still holds it unused.
    const { uses, redeemed } = await orderWith(code, sku, 2);
    expect({ uses, redeemed }).toEqual({ uses: 1, redeemed: 1 });
    const after = await eventually(async () => {
      const answer = await quote(h.app, { skus: [sku], couponCodes: [code] });
      return answer.refusedCoupons.length === 1 ? answer : undefined;
    }, 'the quote to refuse the used coupon');
    expect(after.refusedCoupons).toEqual([{ code, reason: 'all 1 uses taken' }]);
  });

  it('a campaign launched or ended through one replica is quoted and redeemed by another at once, not at its next refresh', async () => {
    // A refresh far away: only the launch's notification can tell this replica of it.
    const other = await replica('200000', { PROMOTIONS_LIVE_REFRESH_MS: '600000' });
    const sku = unique('SKU-R');
    await setPrice(sku, 10_000);
    expect((await quote(other, { skus: [sku] })).applied).toEqual([]);

    const code = unique('LAUNCH');
    const campaign = await memberAndCouponCampaign(code, 100);
    const launched = await eventually(async () => {
      const answer = await quote(other, { skus: [sku], couponCodes: [code] });
      return answer.applied.length === 1 ? answer : undefined;
    }, 'the other replica to quote the launched campaign');
    expect(launched.applied.map(({ name }) => name)).toEqual([`coupon ${code}`]);
    expect(launched.lines[0]).toMatchObject({ unitPrice: 10_000, total: 8_000 });

    // Orders keyed by eight customers, so both replicas' partitions get some.
    const { uses, redeemed } = await orderWith(code, sku, 8);
    expect({ uses, redeemed }).toEqual({ uses: 8, redeemed: 8 });

    const ended = await h.post(`/v1/campaigns/${campaign.id}/end`, change, 'ops:approver');
    expect(ended.statusCode).toBe(200);
    await eventually(async () => {
      const answer = await quote(other, { skus: [sku], couponCodes: [code] });
      return answer.applied.length === 0 ? answer : undefined;
    }, 'the other replica to stop quoting the ended campaign');
  });

  it('a change that went unheard is quoted once the LISTEN connection has been lost and is back', async () => {
    const sku = unique('SKU-T');
    await setPrice(sku, 10_000);
    const other = await replica();
    const cache = other.get(CartFactsCache);
    expect((await quote(other, { skus: [sku] })).lines[0]!.unitPrice).toBe(10_000);
    // A change no notification announces, as one committed while the connection is away.
    await sql(`ALTER TABLE sku_prices DISABLE TRIGGER read_model_changed`);
    try {
      await setPrice(sku, 9_000);
    } finally {
      await sql(`ALTER TABLE sku_prices ENABLE TRIGGER read_model_changed`);
    }
    // The cache is what answers: without a notification the stale price stays.
    expect((await quote(other, { skus: [sku] })).lines[0]!.unitPrice).toBe(10_000);

    const channel = readModelsChannel(h.db.schema);
    const listeners = async () =>
      (
        (await sql(
          `SELECT pid FROM pg_stat_activity
            WHERE application_name = 'omni-promotions-read-models' AND query LIKE $1`,
          [`%${channel}%`],
        )) as { pid: number }[]
      ).map(({ pid }) => pid);
    const before = await listeners();
    expect(before.length).toBeGreaterThanOrEqual(2);
    await sql(`SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid`, [before]);
    await eventually(async () => {
      const now = await listeners();
      return now.length === before.length && now.every((pid) => !before.includes(pid))
        ? now
        : undefined;
    }, 'every replica to LISTEN again');
    await eventually(async () => cache.isInUse() || undefined, 'the cache to be in use again');

    expect((await quote(other, { skus: [sku] })).lines[0]!.unitPrice).toBe(9_000);
    expect(cache.size).toBeGreaterThan(0);
    await setPrice(sku, 8_500);
    await eventually(
      async () => (await quote(other, { skus: [sku] })).lines[0]!.unitPrice === 8_500 || undefined,
      'the next change to be heard again',
    );
  });

  it('keeps at most PROMOTIONS_CART_FACTS_CACHE_ENTRIES facts, and none when it is 0, quoting the same', async () => {
    const skus = Array.from({ length: 12 }, () => unique('SKU-B'));
    for (const [index, sku] of skus.entries()) await setPrice(sku, 1_000 + index);
    const small = await replica('5');
    const none = await replica('0');
    const bySmall = await quote(small, { skus });
    expect(small.get(CartFactsCache).size).toBe(5);
    expect((await quote(small, { skus })).lines).toEqual(bySmall.lines);
    expect(bySmall.lines.map(({ unitPrice }) => unitPrice)).toEqual(
      skus.map((_, index) => 1_000 + index),
    );
    expect(none.get(CartFactsCache).isInUse()).toBe(false);
    expect((await quote(none, { skus })).lines).toEqual(bySmall.lines);
    expect(none.get(CartFactsCache).size).toBe(0);
  });

  it('gives the same cart facts from the cache, filled or not, as the cart-facts statement', async () => {
    const code = unique('SAME');
    const { id: campaignId } = await memberAndCouponCampaign(code, 3);
    const tag = unique('');
    const skus = Array.from({ length: 6 }, (_, index) => `SKU-S${tag}-${index}`);
    const groups = ['', 'gold', 'silver', `seg-${tag}`, `VIP-${tag}`];
    // Instants with microseconds, so that an instant a millisecond apart tells them apart.
    const instants = [
      '2026-01-01T00:00:00Z',
      '2026-03-01T00:00:00.000500Z',
      '2026-04-01T00:00:00Z',
      '2026-06-01T00:00:00Z',
      '2026-09-01T00:00:00.000250Z',
    ];
    let seed = 7;
    const next = (n: number) => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) % n;
    for (const sku of skus)
      for (const group of groups)
        for (const [index, from] of instants.entries()) {
          if (next(3) === 0) continue;
          const to = next(3) === 0 ? (instants[index + 1 + next(2)] ?? null) : null;
          await sql(
            `INSERT INTO sku_prices (sku, channel, currency, customer_group, valid_from, valid_to, amount, occurred_at)
             VALUES ($1, 'tmall', 'CNY', $2, $3, $4, $5, now())`,
            [sku, group, from, to, 1_000 + next(9_000)],
          );
        }
    for (const sku of skus.slice(0, 3))
      await sql(
        `INSERT INTO sku_floors (sku, currency, floor, updated_at) VALUES ($1, 'CNY', $2, now())`,
        [sku, next(1_000)],
      );
    const [gold, plain, segmented] = [unique('cus-'), unique('cus-'), unique('cus-')];
    await sql(
      `INSERT INTO customers (customer_id, tier, tier_at, orders) VALUES ($1, 'gold', now(), 3), ($2, NULL, NULL, 0)`,
      [gold, plain],
    );
    for (const customerId of [gold, segmented])
      await sql(
        `INSERT INTO customer_segments (customer_id, segment_id, segment_name, member, changed_at)
         VALUES ($1, $2, $3, true, now())`,
        [customerId, `seg-${tag}`, `VIP-${tag}`],
      );
    const limited = unique('PER');
    await sql(
      `INSERT INTO coupons (code, campaign_id, per_customer_limit, valid_to, created_at) VALUES ($1, $2, 2, '2026-08-01T00:00:00Z', now())`,
      [limited, campaignId],
    );
    await sql(`INSERT INTO coupon_customer_uses (code, customer_id, uses) VALUES ($1, $2, 1)`, [
      limited,
      gold,
    ]);

    const other = await replica();
    const cache = other.get(CartFactsCache);
    const statement = other.get(ReadModelsRepository);
    const comparable = (facts: CartFacts) => ({
      ...facts,
      coupons: [...facts.coupons].sort((a, b) => (a.code < b.code ? -1 : 1)),
    });
    const ats = [
      ...instants,
      '2025-12-31T23:59:59.999Z',
      '2026-03-01T00:00:00Z',
      '2026-03-01T00:00:00.001Z',
      '2026-05-15T12:00:00Z',
      '2026-09-01T00:00:00Z',
      '2027-01-01T00:00:00Z',
    ];
    for (const customerId of [undefined, gold, plain, segmented, unique('cus-')])
      for (const at of ats)
        for (const needPrices of [true, false]) {
          const query = {
            customerId,
            skus: skus.slice(next(3)),
            channel: 'tmall',
            currency: 'CNY',
            at: new Date(at),
            needPrices,
            couponCodes: [code, limited, 'NO-SUCH-CODE'],
          };
          const expected = comparable(await statement.cartFacts(query));
          expect(comparable(await cache.cartFacts(query))).toEqual(expected);
          expect(comparable(await cache.cartFacts(query))).toEqual(expected);
        }
    expect(cache.size).toBeGreaterThan(0);
  });
});
