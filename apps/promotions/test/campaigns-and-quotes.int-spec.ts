import { createHash } from 'node:crypto';
import { useHarness } from '@omni/testing';
import {
  downstreamEvent,
  eventually,
  liveCampaign,
  send,
  startPromotionsHarness,
} from './support/promotions-harness';

const change = { reason: 'integration test' };
let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter += 1)}`;

describe('campaigns, the read models and the cart quote through Postgres and Kafka', () => {
  /**
   * A live campaign of a member 10% off (silver and up), and 滿300減50 and a 60-off coupon in
   * one exclusive group, with its coupon (10 uses) issued.
   */
  async function memberTierCouponCampaign(codePrefix: string) {
    const code = unique(codePrefix)
      .toUpperCase()
      .replace(/[^A-Z0-9-]/g, '');
    const campaign = await liveCampaign(h, [
      {
        name: 'member 10%',
        priority: 100,
        conditions: [{ code: 'tier-at-least', args: { tier: 'silver' } }],
        actions: [{ code: 'percent-off', args: { basisPoints: 1000, target: 'lines' } }],
      },
      {
        name: '滿300減50',
        priority: 50,
        exclusiveGroup: 'checkout',
        actions: [
          {
            code: 'spend-tiers',
            args: { tiers: [{ threshold: 30_000, off: 5_000 }] },
          },
        ],
      },
      {
        name: 'coupon 60',
        priority: 50,
        exclusiveGroup: 'checkout',
        conditions: [{ code: 'coupon-code', args: { code } }],
        actions: [{ code: 'amount-off', args: { amount: 6_000, per: 'order' } }],
      },
    ]);
    expect(
      (
        await h.post(
          `/v1/campaigns/${campaign.id}/coupons`,
          { code, maxUses: 10, ...change },
          'ops:author',
        )
      ).statusCode,
    ).toBe(201);
    return { code, campaign };
  }

  const h = useHarness(startPromotionsHarness);

  const campaignBody = {
    name: 'Singles Day',
    channels: ['tmall'],
    currency: 'CNY',
    timeZone: 'Asia/Shanghai',
    startsAt: '2026-11-11T00:00:00+08:00',
    endsAt: '2026-11-12T00:00:00+08:00',
    ...change,
  };
  const percentOff = {
    name: '10% off',
    priority: 10,
    actions: [{ code: 'percent-off', args: { basisPoints: 1000, target: 'lines' } }],
  };
  const count = async (table: string) =>
    (await h.db.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

  async function endAll(ids: string[]) {
    for (const id of ids) await h.post(`/v1/campaigns/${id}/end`, change, 'ops:approver');
  }

  it('refuses the admin API without the admin token', async () => {
    const response = await h.app.inject({ method: 'GET', url: '/v1/campaigns' });
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('invalid_admin_token');
  });

  it('answers a malformed campaign with 400 naming the field, and stores nothing', async () => {
    const before = await count('campaigns');
    const response = await h.post(
      '/v1/campaigns',
      { ...campaignBody, endsAt: '2026-11-10T00:00:00+08:00', timeZone: 'Mars/Base' },
      'ops:author',
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('invalid_request');
    expect(response.json().message).toContain('timeZone');
    expect(response.json().message).toContain('endsAt');
    expect(await count('campaigns')).toBe(before);
  });

  it('refuses a promotion with an unknown rule or invalid arguments, naming each, and stores nothing', async () => {
    const id = (await h.post('/v1/campaigns', campaignBody, 'ops:author')).json().id as string;
    const response = await h.post(
      `/v1/campaigns/${id}/promotions`,
      {
        name: 'broken',
        priority: 1,
        conditions: [{ code: 'moon-phase', args: {} }],
        actions: [{ code: 'percent-off', args: { basisPoints: 0.5, target: 'lines' } }],
        ...change,
      },
      'ops:author',
    );
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'invalid_request',
      details: {
        issues: [
          { path: 'conditions.0.code', message: 'unknown condition "moon-phase"' },
          { path: 'actions.0.args.basisPoints', message: expect.any(String) },
        ],
      },
    });
    expect((await h.get(`/v1/campaigns/${id}`)).json().promotions).toEqual([]);
  });

  it('draft → approved → live → ended: the author cannot approve, a wrong step is a 409, every step is audited', async () => {
    const id = (await h.post('/v1/campaigns', campaignBody, 'ops:author')).json().id as string;
    const empty = await h.post(`/v1/campaigns/${id}/approve`, change, 'ops:approver');
    expect(empty.statusCode).toBe(409);
    expect(empty.json().code).toBe('campaign_empty');
    await h.post(`/v1/campaigns/${id}/promotions`, { ...percentOff, ...change }, 'ops:author');
    const byAuthor = await h.post(`/v1/campaigns/${id}/approve`, change, 'ops:author');
    expect(byAuthor.statusCode).toBe(403);
    expect(byAuthor.json().code).toBe('approver_is_author');
    const early = await h.post(`/v1/campaigns/${id}/launch`, change, 'ops:approver');
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('invalid_transition');
    const approved = await h.post(`/v1/campaigns/${id}/approve`, change, 'ops:approver');
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({
      status: 'approved',
      author: 'ops:author',
      approvedBy: 'ops:approver',
    });
    const late = await h.post(
      `/v1/campaigns/${id}/promotions`,
      { ...percentOff, ...change },
      'ops:author',
    );
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('campaign_not_draft');
    expect((await h.post(`/v1/campaigns/${id}/launch`, change, 'ops:approver')).json().status).toBe(
      'live',
    );
    expect((await h.post(`/v1/campaigns/${id}/end`, change, 'ops:approver')).json().status).toBe(
      'ended',
    );
    const audit = (await h.get(`/v1/campaigns/${id}/audit`)).json();
    expect(
      audit.map((entry: { action: string; actor: string }) => [entry.action, entry.actor]),
    ).toEqual([
      ['campaign.created', 'ops:author'],
      ['promotion.added', 'ops:author'],
      ['campaign.approved', 'ops:approver'],
      ['campaign.launched', 'ops:approver'],
      ['campaign.ended', 'ops:approver'],
    ]);
  });

  it('warns on approval of a campaign overlapping an approved one on the same SKUs, channel and audience', async () => {
    const first = await liveCampaign(h, [percentOff], { ...campaignBody, name: 'first' });
    const second = (
      await h.post('/v1/campaigns', { ...campaignBody, name: 'second' }, 'ops:author')
    ).json().id as string;
    await h.post(`/v1/campaigns/${second}/promotions`, { ...percentOff, ...change }, 'ops:author');
    const approved = await h.post(`/v1/campaigns/${second}/approve`, change, 'ops:approver');
    expect(approved.json().warnings).toEqual([
      expect.objectContaining({ campaignId: first.id, name: 'first' }),
    ]);
    expect((await h.get(`/v1/campaigns/${second}/audit`)).json()[2].details.warnings).toHaveLength(
      1,
    );
    await endAll([first.id, second]);
  });

  it('quotes a member discount, a 滿減 tier and a coupon in one exclusive group from the read models, as worked by hand, and writes nothing', async () => {
    const skuA = unique('SKU-A');
    const skuB = unique('SKU-B');
    const customerId = unique('cus');
    const price = (sku: string, amount: number) =>
      downstreamEvent('price.changed', {
        payload: {
          sku,
          channel: 'tmall',
          currency: 'CNY',
          newPrice: { amount, currency: 'CNY' },
          validFrom: new Date(Date.now() - 86_400_000).toISOString(),
          validTo: undefined,
          tier: undefined,
          country: undefined,
          referencePrice: undefined,
          reductionStartedAt: undefined,
          oldPrice: undefined,
        },
      });
    await send(
      h.producer,
      h.topics.priceChanges,
      (event) => (event['payload'] as { sku: string }).sku,
      price(skuA, 10_000),
      price(skuB, 15_000),
    );
    await send(
      h.producer,
      h.topics.customerChanges,
      () => customerId,
      downstreamEvent('customer.tier-changed', { customerId, payload: { tier: 'gold' } }),
    );
    const { code, campaign } = await memberTierCouponCampaign('SAVE60');
    const [memberId, tierId, couponId] = campaign.promotionIds;
    const request = {
      channel: 'tmall',
      currency: 'CNY',
      customerId,
      couponCodes: [code],
      lines: [
        { lineId: 'B', sku: skuB, quantity: 1 },
        { lineId: 'A', sku: skuA, quantity: 2 },
      ],
    };
    const tables = [
      'campaigns',
      'promotions',
      'coupons',
      'coupon_customer_uses',
      'redemptions',
      'audit_entries',
      'sku_prices',
      'customers',
    ];
    const quote = await eventually<{
      lines: unknown;
      totals: unknown;
      applied: unknown;
      notApplied: unknown;
      fairness: { adjusted: boolean };
      hash: string;
    }>(async () => {
      const response = await h.post('/v1/quotes', request);
      return response.statusCode === 200 && response.json().applied.length === 2
        ? response.json()
        : undefined;
    }, 'the read models to hold prices and the tier');
    const before = await Promise.all(tables.map(count));
    // 10% per line: A 20000 → 18000, B 15000 → 13500, running 31500. The 滿減 tier would save
    // 5000, the coupon 6000: the coupon wins. 6000 over 18000 : 13500 → A 3428.57, B 2571.43,
    // the leftover unit to A.
    expect(quote.lines).toEqual([
      expect.objectContaining({
        lineId: 'A',
        subtotal: 20_000,
        total: 14_571,
      }),
      expect.objectContaining({
        lineId: 'B',
        subtotal: 15_000,
        total: 10_929,
      }),
    ]);
    expect(quote.totals).toEqual({
      subtotal: 35_000,
      discount: 9_500,
      shipping: 0,
      shippingDiscount: 0,
      total: 25_500,
    });
    expect(quote.applied).toEqual([
      expect.objectContaining({ promotionId: memberId, lineDiscounts: { A: 2_000, B: 1_500 } }),
      expect.objectContaining({ promotionId: couponId, lineDiscounts: { A: 3_429, B: 2_571 } }),
    ]);
    expect(quote.notApplied).toEqual([
      expect.objectContaining({ promotionId: tierId, reason: 'lost-to-better-group-member' }),
    ]);
    expect(quote.fairness.adjusted).toBe(false);
    expect(quote.hash).toMatch(/^[0-9a-f]{64}$/);
    const answer = await h.post('/v1/quotes', request);
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    const again = answer.json();
    expect(again.lines).toEqual(quote.lines);
    // The hash is the SHA-256 of the quote as sent, without the refused coupons and the hash.
    const { refusedCoupons, hash, ...hashed } = again;
    expect(refusedCoupons).toEqual([]);
    expect(createHash('sha256').update(JSON.stringify(hashed)).digest('hex')).toBe(hash);
    expect(await Promise.all(tables.map(count))).toEqual(before);

    const anonymous = (
      await h.post('/v1/quotes', {
        ...request,
        customerId: undefined,
        couponCodes: ['NO-SUCH-CODE'],
      })
    ).json();
    expect(anonymous.totals.total).toBe(30_000);
    expect(anonymous.refusedCoupons).toEqual([{ code: 'NO-SUCH-CODE', reason: 'unknown code' }]);
    expect(anonymous.notApplied.map((entry: { reason: string }) => entry.reason).sort()).toEqual([
      'audience-mismatch',
      'coupon-missing',
    ]);
    await endAll([campaign.id]);
  });

  it('stacks a member price and member discount, a 滿減 tier and a coupon in one exclusive group with prices from price.changed and the tier from crm, quoted and redeemed through Kafka as worked by hand', async () => {
    const skuA = unique('SKU-MA');
    const skuB = unique('SKU-MB');
    const customerId = unique('cus');
    const price = (sku: string, amount: number, tier?: string) =>
      downstreamEvent('price.changed', {
        payload: {
          sku,
          channel: 'tmall',
          currency: 'CNY',
          newPrice: { amount, currency: 'CNY' },
          validFrom: new Date(Date.now() - 86_400_000).toISOString(),
          validTo: undefined,
          tier,
          country: undefined,
          referencePrice: undefined,
          reductionStartedAt: undefined,
          oldPrice: undefined,
        },
      });
    await send(
      h.producer,
      h.topics.priceChanges,
      (event) => (event['payload'] as { sku: string }).sku,
      price(skuA, 10_000),
      price(skuA, 9_000, 'gold'),
      price(skuB, 15_000),
    );
    await send(
      h.producer,
      h.topics.customerChanges,
      () => customerId,
      downstreamEvent('customer.tier-changed', { customerId, payload: { tier: 'gold' } }),
    );
    const { code, campaign } = await memberTierCouponCampaign('MEMBER60');
    const [memberId, tierId, couponId] = campaign.promotionIds;
    const request = {
      channel: 'tmall',
      currency: 'CNY',
      customerId,
      couponCodes: [code],
      lines: [
        { lineId: 'A', sku: skuA, quantity: 2 },
        { lineId: 'B', sku: skuB, quantity: 1 },
      ],
    };
    const quote = await eventually<{
      lines: { unitPrice: number }[];
      totals: unknown;
      applied: unknown[];
      notApplied: { promotionId: string }[];
    }>(async () => {
      const response = await h.post('/v1/quotes', request);
      return response.statusCode === 200 &&
        response.json().lines[0].unitPrice === 9_000 &&
        response.json().applied.length === 2
        ? response.json()
        : undefined;
    }, 'the read models to hold the member price and the tier');
    // Gold pays the member price 9000 for A: subtotal 2 × 9000 + 15000 = 33000. 10% per line:
    // A 1800 → 16200, B 1500 → 13500, running 29700: below the 滿300 threshold, so the coupon
    // is the group's only member that applies. 6000 over 16200 : 13500 → A 3272.73, B 2727.27,
    // the leftover unit to A (the larger remainder): A 3273, B 2727.
    expect(quote.lines).toEqual([
      expect.objectContaining({
        lineId: 'A',
        unitPrice: 9_000,
        subtotal: 18_000,
        total: 12_927,
      }),
      expect.objectContaining({
        lineId: 'B',
        unitPrice: 15_000,
        subtotal: 15_000,
        total: 10_773,
      }),
    ]);
    expect(quote.totals).toEqual({
      subtotal: 33_000,
      discount: 9_300,
      shipping: 0,
      shippingDiscount: 0,
      total: 23_700,
    });
    expect(quote.applied).toEqual([
      expect.objectContaining({
        promotionId: memberId,
        amount: 3_300,
        lineDiscounts: { A: 1_800, B: 1_500 },
      }),
      expect.objectContaining({
        promotionId: couponId,
        amount: 6_000,
        lineDiscounts: { A: 3_273, B: 2_727 },
      }),
    ]);
    expect(quote.notApplied.filter((entry) => entry.promotionId === tierId)).toEqual([
      expect.objectContaining({ promotionId: tierId, reason: 'below-threshold' }),
    ]);

    // The order of that cart, at those prices, redeems exactly those amounts.
    const orderId = unique('ord');
    const placed = downstreamEvent('order.placed', {
      customerId,
      channel: 'tmall',
      payload: {
        orderId,
        lines: [
          { sku: skuA, quantity: 2, unitPrice: { amount: 9_000, currency: 'CNY' } },
          { sku: skuB, quantity: 1, unitPrice: { amount: 15_000, currency: 'CNY' } },
        ],
        subtotal: undefined,
        discount: undefined,
        shipping: undefined,
        total: { amount: 23_700, currency: 'CNY' },
        coupons: [code],
      },
    });
    await send(h.producer, h.topics.resolvedEvents, () => customerId, placed);
    const redeemed = await eventually(async () => {
      const rows: { promotion_id: string; discount: string; coupon_code: string | null }[] =
        await h.db.dataSource.query(
          `SELECT promotion_id, discount, coupon_code FROM redemptions WHERE order_id = $1 ORDER BY discount`,
          [orderId],
        );
      return rows.length === 2 ? rows : undefined;
    }, 'the redemptions of the order');
    expect(redeemed).toEqual([
      { promotion_id: memberId, discount: '3300', coupon_code: null },
      { promotion_id: couponId, discount: '6000', coupon_code: code },
    ]);
    await endAll([campaign.id]);
  });

  it('keeps a line at its SKU floor set through the API, unless the campaign allows selling below it', async () => {
    const sku = unique('SKU-F');
    const floor = await h.app.inject({
      method: 'PUT',
      url: `/v1/skus/${sku}/floor`,
      headers: {
        authorization: 'Bearer test-promotions-admin-token-0123456789',
        'x-omni-actor': 'ops:pricing',
      },
      payload: { currency: 'CNY', floor: 7_000, reason: 'cost 5600, margin 20%' },
    });
    expect(floor.statusCode).toBe(200);
    const deep = {
      name: '90% off',
      priority: 1,
      conditions: [{ code: 'items-in-cart', args: { skus: [sku] } }],
      actions: [
        { code: 'percent-off', args: { basisPoints: 9_000, target: 'lines', skus: [sku] } },
      ],
    };
    const guarded = await liveCampaign(h, [deep], { channels: ['jd'] });
    const quote = async () =>
      (
        await h.post('/v1/quotes', {
          channel: 'jd',
          currency: 'CNY',
          lines: [{ lineId: '1', sku, quantity: 2, unitPrice: 10_000 }],
        })
      ).json();
    expect((await quote()).lines[0]).toMatchObject({ discount: 6_000, total: 14_000 });
    await endAll([guarded.id]);
    const allowed = await liveCampaign(h, [deep], { channels: ['jd'], allowBelowFloor: true });
    expect((await quote()).lines[0]).toMatchObject({ discount: 18_000, total: 2_000 });
    await endAll([allowed.id]);
  });

  it('answers a line without a known price with 422 price_unknown, and a malformed cart with 400', async () => {
    const unpriced = await h.post('/v1/quotes', {
      channel: 'tmall',
      currency: 'CNY',
      lines: [{ lineId: '1', sku: unique('NOPRICE'), quantity: 1 }],
    });
    expect(unpriced.statusCode).toBe(422);
    expect(unpriced.json().code).toBe('price_unknown');
    const malformed = await h.post('/v1/quotes', {
      channel: 'tmall',
      currency: 'CNY',
      lines: [
        { lineId: '1', sku: 'X', quantity: 1, unitPrice: 19.99 },
        { lineId: '1', sku: 'Y', quantity: 0, unitPrice: 100 },
      ],
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe('invalid_request');
  });
});
