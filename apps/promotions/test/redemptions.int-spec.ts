import { validateDownstreamEvent } from '@omni/contracts';
import { useHarness, waitForMessage } from '@omni/testing';
import { RedemptionsService } from '../src/redemptions/redemptions.service';
import {
  change,
  downstreamEvent,
  eventually,
  liveCampaign,
  processed,
  send,
  startPromotionsHarness,
  unique,
} from './support/promotions-harness';

describe('redemptions from orders through Postgres and Kafka', () => {
  const h = useHarness(startPromotionsHarness);

  const order = (
    customerId: string,
    orderId: string,
    options: { coupons?: string[]; eventId?: string; sku?: string } = {},
  ) =>
    downstreamEvent('order.placed', {
      customerId,
      ...(options.eventId === undefined ? {} : { eventId: options.eventId }),
      payload: {
        orderId,
        lines: [
          {
            sku: options.sku ?? 'SKU-R',
            quantity: 2,
            unitPrice: { amount: 10_000, currency: 'CNY' },
          },
        ],
        subtotal: undefined,
        discount: undefined,
        shipping: undefined,
        total: { amount: 15_000, currency: 'CNY' },
        coupons: options.coupons ?? [],
      },
    });
  const byCustomer = (event: Record<string, unknown>) => String(event['customerId']);
  const redemptionsOf = (
    orderId: string,
  ): Promise<{ status: string; coupon_code: string | null; discount: string }[]> =>
    h.db.dataSource.query(
      `SELECT status, coupon_code, discount FROM redemptions WHERE order_id = $1 ORDER BY id`,
      [orderId],
    );
  const coupon = async (code: string) => (await h.get(`/v1/coupons/${code}`)).json();
  const campaign = async (id: string) => (await h.get(`/v1/campaigns/${id}`)).json();

  async function couponCampaign(code: string, coupon: object, budget?: object) {
    const created = await liveCampaign(
      h,
      [
        {
          name: `coupon ${code}`,
          priority: 1,
          conditions: [{ code: 'coupon-code', args: { code } }],
          actions: [{ code: 'amount-off', args: { amount: 5_000, per: 'order' } }],
        },
      ],
      { channels: ['tmall'], ...(budget === undefined ? {} : { budget }) },
    );
    const made = await h.post(
      `/v1/campaigns/${created.id}/coupons`,
      { code, ...coupon, ...change },
      'ops:author',
    );
    expect(made.statusCode).toBe(201);
    return created;
  }

  it('a redelivered order.placed records nothing twice; redemption.recorded is published once; a cancel releases it once', async () => {
    const code = unique('ONCE');
    const { id: campaignId, promotionIds } = await couponCampaign(code, { maxUses: 5 });
    const customerId = unique('cus-');
    const orderId = unique('ord');
    const placed = order(customerId, orderId, { coupons: [code] });
    const again = order(customerId, orderId, { coupons: [code] });
    await send(h.producer, h.topics.resolvedEvents, byCustomer, placed, placed, again);
    await eventually(() => processed(h.db, [placed, again]), 'both order events');
    expect(await redemptionsOf(orderId)).toEqual([
      { status: 'recorded', coupon_code: code, discount: '5000' },
    ]);
    expect((await coupon(code)).uses).toBe(1);
    expect((await campaign(campaignId)).budget).toMatchObject({ spentAmount: 5_000, redeemed: 1 });
    const recorded = await waitForMessage<{ payload: { orderId: string } }>(
      h.topics.redemptions,
      ({ value }) => value.payload?.orderId === orderId,
    );
    expect(validateDownstreamEvent(recorded.value)).toMatchObject({ ok: true });
    expect(recorded.value).toMatchObject({
      type: 'redemption.recorded',
      customerId,
      payload: {
        campaignId,
        promotionId: promotionIds[0],
        couponCode: code,
        discount: { amount: 5_000, currency: 'CNY' },
      },
    });

    const cancelled = downstreamEvent('order.cancelled', { customerId, payload: { orderId } });
    const cancelledAgain = downstreamEvent('order.cancelled', { customerId, payload: { orderId } });
    await send(h.producer, h.topics.resolvedEvents, byCustomer, cancelled, cancelledAgain);
    await eventually(() => processed(h.db, [cancelled, cancelledAgain]), 'the cancellations');
    expect(await redemptionsOf(orderId)).toEqual([
      { status: 'released', coupon_code: code, discount: '5000' },
    ]);
    expect((await coupon(code)).uses).toBe(0);
    expect((await campaign(campaignId)).budget).toMatchObject({ spentAmount: 0, redeemed: 0 });
    const released = await waitForMessage<{ type: string; payload: { orderId: string } }>(
      h.topics.redemptions,
      ({ value }) => value.type === 'redemption.released' && value.payload?.orderId === orderId,
    );
    expect(validateDownstreamEvent(released.value)).toMatchObject({ ok: true });
    expect(released.value.payload).toMatchObject({ reason: 'order-cancelled', couponCode: code });
  });

  it('50 concurrent orders on a coupon with one use left give exactly one redemption; a cancelled order frees its use', async () => {
    const code = unique('LAST');
    await couponCampaign(code, { maxUses: 1 });
    const service = h.app.get(RedemptionsService);
    const orders = Array.from({ length: 50 }, (_, index) => ({
      customerId: unique('cus-'),
      orderId: `${unique('race')}-${index}`,
    }));
    const outcomes = await Promise.all(
      orders.map(({ customerId, orderId }) =>
        h.db.dataSource.transaction((tx) =>
          service.recordOrder(
            tx,
            order(customerId, orderId, { coupons: [code] })['payload'] as never,
            {
              customerId,
              correlationId: orderId,
              causationId: orderId,
              occurredAt: new Date(),
              channel: 'tmall',
            },
          ),
        ),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.recorded.length === 1)).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.recorded.length === 0)).toHaveLength(49);
    expect((await coupon(code)).uses).toBe(1);
    const winner = orders[outcomes.findIndex((outcome) => outcome.recorded.length === 1)]!;
    const [{ n }] = await h.db.dataSource.query(
      `SELECT count(*)::int AS n FROM redemptions WHERE coupon_code = $1`,
      [code],
    );
    expect(n).toBe(1);

    const cancelled = downstreamEvent('order.cancelled', {
      customerId: winner.customerId,
      payload: { orderId: winner.orderId },
    });
    await send(h.producer, h.topics.resolvedEvents, byCustomer, cancelled);
    await eventually(() => processed(h.db, [cancelled]), 'the cancellation');
    expect((await coupon(code)).uses).toBe(0);
    const next = order(unique('cus-'), unique('ord'), { coupons: [code] });
    await send(h.producer, h.topics.resolvedEvents, byCustomer, next);
    await eventually(() => processed(h.db, [next]), 'the next order');
    expect((await coupon(code)).uses).toBe(1);
  });

  it('the budget holds under concurrent orders: 20 orders on a campaign with 3 redemptions left record 3', async () => {
    const sku = unique('SKU-B');
    const { id } = await liveCampaign(
      h,
      [
        {
          name: 'budgeted',
          priority: 1,
          conditions: [{ code: 'items-in-cart', args: { skus: [sku] } }],
          actions: [{ code: 'amount-off', args: { amount: 1_000, per: 'order' } }],
        },
      ],
      { channels: ['tmall'], budget: { redemptions: 3, amount: 10_000 } },
    );
    const service = h.app.get(RedemptionsService);
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, index) => {
        const customerId = unique('cus-');
        const orderId = `${unique('budget')}-${index}`;
        return h.db.dataSource.transaction((tx) =>
          service.recordOrder(tx, order(customerId, orderId, { sku })['payload'] as never, {
            customerId,
            correlationId: orderId,
            causationId: orderId,
            occurredAt: new Date(),
            channel: 'tmall',
          }),
        );
      }),
    );
    expect(outcomes.flatMap((outcome) => outcome.recorded)).toHaveLength(3);
    expect(
      outcomes
        .flatMap((outcome) => outcome.refused)
        .every((refusal) => refusal.reason === 'budget-exhausted'),
    ).toBe(true);
    expect((await campaign(id)).budget).toMatchObject({
      redemptions: 3,
      redeemed: 3,
      spentAmount: 3_000,
    });
  });

  it('a coupon limited per customer redeems up to the limit for one customer', async () => {
    const code = unique('PER');
    await couponCampaign(code, { perCustomerLimit: 1 });
    const customerId = unique('cus-');
    const first = order(customerId, unique('ord'), { coupons: [code] });
    const second = order(customerId, unique('ord'), { coupons: [code] });
    const other = order(unique('cus-'), unique('ord'), { coupons: [code] });
    await send(h.producer, h.topics.resolvedEvents, byCustomer, first, second, other);
    await eventually(() => processed(h.db, [first, second, other]), 'the orders');
    const [{ n }] = await h.db.dataSource.query(
      `SELECT count(*)::int AS n FROM redemptions WHERE coupon_code = $1`,
      [code],
    );
    expect(n).toBe(2);
    expect((await coupon(code)).uses).toBe(2);
  });

  it('a code that unlocks two promotions of an order takes one use and records both', async () => {
    const code = unique('TWICE');
    const { id } = await liveCampaign(
      h,
      ['first', 'second'].map((name) => ({
        name,
        priority: 1,
        conditions: [{ code: 'coupon-code', args: { code } }],
        actions: [{ code: 'amount-off', args: { amount: 1_000, per: 'order' } }],
      })),
      { channels: ['tmall'] },
    );
    expect(
      (await h.post(`/v1/campaigns/${id}/coupons`, { code, maxUses: 1, ...change }, 'ops:author'))
        .statusCode,
    ).toBe(201);
    const orderId = unique('ord');
    const placed = order(unique('cus-'), orderId, { coupons: [code] });
    await send(h.producer, h.topics.resolvedEvents, byCustomer, placed);
    await eventually(() => processed(h.db, [placed]), 'the order');
    expect((await redemptionsOf(orderId)).map((row) => row.coupon_code).sort()).toEqual([
      code,
      null,
    ]);
    expect((await coupon(code)).uses).toBe(1);
  });

  type Released = {
    type: string;
    payload: { orderId: string; amount?: { amount: number }; complete?: boolean; reason: string };
  };
  const releasedEvent = (orderId: string, amount: number, complete: boolean) =>
    waitForMessage<Released>(
      h.topics.redemptions,
      ({ value }) =>
        value.type === 'redemption.released' &&
        value.payload.orderId === orderId &&
        value.payload.amount?.amount === amount &&
        value.payload.complete === complete,
    );
  const releasedOf = (orderId: string): Promise<{ status: string; released: string }[]> =>
    h.db.dataSource.query(
      `SELECT status, released_amount AS released FROM redemptions WHERE order_id = $1`,
      [orderId],
    );
  const refund = (customerId: string, orderId: string, payload: object) =>
    downstreamEvent('order.refunded', {
      customerId,
      payload: { orderId, refundType: undefined, reason: undefined, ...payload },
    });

  it('a partial refund of some units releases their share of the budget once; the full refund releases the rest with the coupon use and count; each redelivered', async () => {
    const code = unique('PART');
    const { id: campaignId } = await couponCampaign(code, { maxUses: 5 }, { amount: 100_000 });
    const customerId = unique('cus-');
    const orderId = unique('ord');
    const placed = order(customerId, orderId, { coupons: [code] });
    await send(h.producer, h.topics.resolvedEvents, byCustomer, placed);
    await eventually(() => processed(h.db, [placed]), 'the order');
    // 5000 off the order of 2 × SKU-R (total paid 15000).
    expect((await campaign(campaignId)).budget).toMatchObject({ spentAmount: 5_000, redeemed: 1 });

    const money = (amount: number) => ({ amount, currency: 'CNY' });
    const partial = refund(customerId, orderId, {
      refundId: `${orderId}-1`,
      amount: money(7_500),
      lines: [{ sku: 'SKU-R', quantity: 1 }],
    });
    // The channel sends the same refund again as a new event.
    const partialResent = refund(customerId, orderId, {
      refundId: `${orderId}-1`,
      amount: money(7_500),
      lines: [{ sku: 'SKU-R', quantity: 1 }],
    });
    await send(h.producer, h.topics.resolvedEvents, byCustomer, partial, partial, partialResent);
    await eventually(() => processed(h.db, [partial, partialResent]), 'the partial refund');
    // One of the two units: 5000 × 1 / 2 = 2500 back to the budget; the use and count stay.
    expect(await releasedOf(orderId)).toEqual([{ status: 'recorded', released: '2500' }]);
    expect((await campaign(campaignId)).budget).toMatchObject({ spentAmount: 2_500, redeemed: 1 });
    expect((await coupon(code)).uses).toBe(1);
    const partEvent = await releasedEvent(orderId, 2_500, false);
    expect(validateDownstreamEvent(partEvent.value)).toMatchObject({ ok: true });
    expect(partEvent.value.payload).toMatchObject({ reason: 'order-refunded', couponCode: code });

    const rest = refund(customerId, orderId, {
      refundId: `${orderId}-2`,
      amount: money(7_500),
      lines: [{ sku: 'SKU-R', quantity: 1 }],
    });
    await send(h.producer, h.topics.resolvedEvents, byCustomer, rest, rest);
    await eventually(() => processed(h.db, [rest]), 'the full refund');
    expect(await releasedOf(orderId)).toEqual([{ status: 'released', released: '5000' }]);
    expect((await campaign(campaignId)).budget).toMatchObject({ spentAmount: 0, redeemed: 0 });
    expect((await coupon(code)).uses).toBe(0);
    const restEvent = await releasedEvent(orderId, 2_500, true);
    expect(validateDownstreamEvent(restEvent.value)).toMatchObject({ ok: true });

    // A refund after the whole order came back releases nothing more.
    const late = refund(customerId, orderId, { refundId: `${orderId}-3`, amount: money(100) });
    await send(h.producer, h.topics.resolvedEvents, byCustomer, late);
    await eventually(() => processed(h.db, [late]), 'the late refund');
    expect((await campaign(campaignId)).budget).toMatchObject({ spentAmount: 0, redeemed: 0 });
  });

  it('a partial refund of an amount releases that share of the order total; a cancel then releases the rest once', async () => {
    const code = unique('AMT');
    const { id: campaignId } = await couponCampaign(code, { maxUses: 5 }, { amount: 100_000 });
    const customerId = unique('cus-');
    const orderId = unique('ord');
    const placed = order(customerId, orderId, { coupons: [code] });
    await send(h.producer, h.topics.resolvedEvents, byCustomer, placed);
    await eventually(() => processed(h.db, [placed]), 'the order');
    // No lines and no refund id: the event is the refund. 5000 × 3000 / 15000 = 1000.
    const partial = refund(customerId, orderId, {
      refundId: undefined,
      lines: undefined,
      amount: { amount: 3_000, currency: 'CNY' },
    });
    await send(h.producer, h.topics.resolvedEvents, byCustomer, partial, partial);
    await eventually(() => processed(h.db, [partial]), 'the partial refund');
    expect(await releasedOf(orderId)).toEqual([{ status: 'recorded', released: '1000' }]);
    expect((await campaign(campaignId)).budget).toMatchObject({ spentAmount: 4_000, redeemed: 1 });
    await releasedEvent(orderId, 1_000, false);

    const cancelled = downstreamEvent('order.cancelled', { customerId, payload: { orderId } });
    await send(h.producer, h.topics.resolvedEvents, byCustomer, cancelled, cancelled);
    await eventually(() => processed(h.db, [cancelled]), 'the cancellation');
    expect(await releasedOf(orderId)).toEqual([{ status: 'released', released: '5000' }]);
    expect((await campaign(campaignId)).budget).toMatchObject({ spentAmount: 0, redeemed: 0 });
    expect((await coupon(code)).uses).toBe(0);
    await releasedEvent(orderId, 4_000, true);
  });

  /**
   * The redemption.released events of an order published before `marker`'s redemption.recorded
   * (same customer, so the same key and partition: everything before it has been published).
   */
  async function releasesBefore(orderId: string, markerOrderId: string): Promise<Released[]> {
    const seen: Released[] = [];
    await waitForMessage<Released & { payload: { orderId: string } }>(
      h.topics.redemptions,
      ({ value }) => {
        if (value.type === 'redemption.released' && value.payload?.orderId === orderId)
          seen.push(value);
        return value.type === 'redemption.recorded' && value.payload?.orderId === markerOrderId;
      },
    );
    return seen;
  }

  it('a cancellation that arrives before its order.placed releases the order’s redemptions as soon as they are recorded, once, and publishes one redemption.released', async () => {
    const code = unique('EARLYC');
    const { id: campaignId } = await couponCampaign(code, { maxUses: 5 }, { amount: 100_000 });
    const customerId = unique('cus-');
    const orderId = unique('ord');
    const cancelled = downstreamEvent('order.cancelled', { customerId, payload: { orderId } });
    const cancelledAgain = downstreamEvent('order.cancelled', { customerId, payload: { orderId } });
    await send(
      h.producer,
      h.topics.resolvedEvents,
      byCustomer,
      cancelled,
      cancelled,
      cancelledAgain,
    );
    await eventually(() => processed(h.db, [cancelled, cancelledAgain]), 'the cancellations');
    expect(await redemptionsOf(orderId)).toEqual([]);

    const placed = order(customerId, orderId, { coupons: [code] });
    const resent = order(customerId, orderId, { coupons: [code] });
    await send(h.producer, h.topics.resolvedEvents, byCustomer, placed, placed, resent);
    await eventually(() => processed(h.db, [placed, resent]), 'the late order');
    expect(await redemptionsOf(orderId)).toEqual([
      { status: 'released', coupon_code: code, discount: '5000' },
    ]);
    expect((await coupon(code)).uses).toBe(0);
    expect((await campaign(campaignId)).budget).toMatchObject({ spentAmount: 0, redeemed: 0 });

    const marker = order(customerId, unique('ord-marker'), { coupons: [code] });
    await send(h.producer, h.topics.resolvedEvents, byCustomer, marker);
    await eventually(() => processed(h.db, [marker]), 'the next order');
    const released = await releasesBefore(
      orderId,
      (marker['payload'] as { orderId: string }).orderId,
    );
    expect(released).toHaveLength(1);
    expect(validateDownstreamEvent(released[0])).toMatchObject({ ok: true });
    expect(released[0]!.payload).toMatchObject({
      reason: 'order-cancelled',
      couponCode: code,
      amount: { amount: 5_000 },
      complete: true,
    });
    expect((await coupon(code)).uses).toBe(1);
  });

  it('refunds that arrive before their order.placed are released when it is recorded: a partial refund its share, a full refund everything, each once', async () => {
    const code = unique('EARLYR');
    const { id: campaignId } = await couponCampaign(code, { maxUses: 5 }, { amount: 100_000 });
    const customerId = unique('cus-');
    const partOrder = unique('ord-part');
    const fullOrder = unique('ord-full');
    const money = (amount: number) => ({ amount, currency: 'CNY' });
    const partial = refund(customerId, partOrder, {
      refundId: `${partOrder}-1`,
      amount: money(7_500),
      lines: [{ sku: 'SKU-R', quantity: 1 }],
    });
    const partialResent = refund(customerId, partOrder, {
      refundId: `${partOrder}-1`,
      amount: money(7_500),
      lines: [{ sku: 'SKU-R', quantity: 1 }],
    });
    const full = refund(customerId, fullOrder, {
      refundId: `${fullOrder}-1`,
      amount: money(15_000),
    });
    await send(h.producer, h.topics.resolvedEvents, byCustomer, partial, partialResent, full, full);
    await eventually(() => processed(h.db, [partial, partialResent, full]), 'the early refunds');
    expect(await redemptionsOf(partOrder)).toEqual([]);
    expect(await redemptionsOf(fullOrder)).toEqual([]);

    const placedPart = order(customerId, partOrder, { coupons: [code] });
    const placedFull = order(customerId, fullOrder, { coupons: [code] });
    await send(h.producer, h.topics.resolvedEvents, byCustomer, placedPart, placedFull, placedFull);
    await eventually(() => processed(h.db, [placedPart, placedFull]), 'the late orders');
    // One of the two units of the first order came back: 5000 × 1 / 2 = 2500; its use stays.
    expect(await releasedOf(partOrder)).toEqual([{ status: 'recorded', released: '2500' }]);
    // The second order was refunded in whole: everything came back.
    expect(await releasedOf(fullOrder)).toEqual([{ status: 'released', released: '5000' }]);
    expect((await campaign(campaignId)).budget).toMatchObject({ spentAmount: 2_500, redeemed: 1 });
    expect((await coupon(code)).uses).toBe(1);

    const marker = order(customerId, unique('ord-marker'), { coupons: [code] });
    await send(h.producer, h.topics.resolvedEvents, byCustomer, marker);
    await eventually(() => processed(h.db, [marker]), 'the next order');
    const markerId = (marker['payload'] as { orderId: string }).orderId;
    const partReleases = await releasesBefore(partOrder, markerId);
    expect(partReleases).toHaveLength(1);
    expect(validateDownstreamEvent(partReleases[0])).toMatchObject({ ok: true });
    expect(partReleases[0]!.payload).toMatchObject({
      reason: 'order-refunded',
      amount: { amount: 2_500 },
      complete: false,
    });
    const fullReleases = await releasesBefore(fullOrder, markerId);
    expect(fullReleases).toHaveLength(1);
    expect(fullReleases[0]!.payload).toMatchObject({
      reason: 'order-refunded',
      amount: { amount: 5_000 },
      complete: true,
    });

    // The rest of the first order refunded now, in the usual order, completes it once.
    const rest = refund(customerId, partOrder, {
      refundId: `${partOrder}-2`,
      amount: money(7_500),
      lines: [{ sku: 'SKU-R', quantity: 1 }],
    });
    await send(h.producer, h.topics.resolvedEvents, byCustomer, rest, rest);
    await eventually(() => processed(h.db, [rest]), 'the rest of the refund');
    expect(await releasedOf(partOrder)).toEqual([{ status: 'released', released: '5000' }]);
    expect((await campaign(campaignId)).budget).toMatchObject({ spentAmount: 5_000, redeemed: 1 });
  });

  it('a flash sale counts units, not orders: concurrent orders never sell more flash units than the cap, a quote wanting more than are left gets the flash price on those left, and a cancel gives units back', async () => {
    const sku = unique('SKU-F');
    const { id: campaignId, promotionIds } = await liveCampaign(
      h,
      [
        {
          name: 'flash 60',
          priority: 1,
          actions: [{ code: 'flash-price', args: { unitPrice: 6_000, unitCap: 10, skus: [sku] } }],
        },
      ],
      { channels: ['tmall'] },
    );
    const flashId = promotionIds[0]!;
    const cart = (quantity: number) => ({
      channel: 'tmall',
      currency: 'CNY',
      lines: [{ lineId: 'L1', sku, quantity, unitPrice: 10_000 }],
    });
    const wantMore = (await h.post('/v1/quotes', cart(12))).json();
    expect(wantMore.applied).toEqual([
      expect.objectContaining({ promotionId: flashId, units: 10, amount: 40_000 }),
    ]);
    expect(wantMore.applied[0].explanation).toContain(
      'on 10 of the 12 units in the cart: only 10 of the 10 flash units are left',
    );
    expect(wantMore.totals.total).toBe(10 * 6_000 + 2 * 10_000);

    const service = h.app.get(RedemptionsService);
    const orders = Array.from({ length: 8 }, (_, index) => ({
      customerId: unique('cus-'),
      orderId: `${unique('flash')}-${index}`,
    }));
    const placed = (orderId: string, quantity: number) => ({
      orderId,
      lines: [{ sku, quantity, unitPrice: { amount: 10_000, currency: 'CNY' } }],
      total: { amount: quantity * 6_000, currency: 'CNY' },
      coupons: [],
    });
    const outcomes = await Promise.all(
      orders.map(({ customerId, orderId }) =>
        h.db.dataSource.transaction((tx) =>
          service.recordOrder(tx, placed(orderId, 3) as never, {
            customerId,
            correlationId: orderId,
            causationId: orderId,
            occurredAt: new Date(),
            channel: 'tmall',
          }),
        ),
      ),
    );
    const recorded = outcomes.flatMap((outcome) => outcome.recorded);
    // 8 orders of 3 units on a cap of 10: three get 3, one gets the last 1, the rest none.
    expect(recorded.map((row) => row.units).sort()).toEqual([1, 3, 3, 3]);
    for (const row of recorded) expect(row.discount).toBe(row.units * 4_000);
    const [{ sold }] = await h.db.dataSource.query(
      `SELECT units_sold AS sold FROM promotions WHERE id = $1`,
      [flashId],
    );
    expect(sold).toBe(10);
    const view = (await h.get(`/v1/campaigns/${campaignId}`)).json();
    expect(view.promotions[0].flashUnits).toEqual({ cap: 10, sold: 10 });

    const soldOut = await eventually(async () => {
      const quote = (await h.post('/v1/quotes', cart(1))).json();
      return quote.applied.length === 0 ? quote : undefined;
    }, 'the quote cache to see the sold-out flash sale');
    expect(soldOut.notApplied).toContainEqual(
      expect.objectContaining({ promotionId: flashId, reason: 'budget-exhausted' }),
    );

    const winner = orders[outcomes.findIndex((outcome) => outcome.recorded[0]?.units === 3)]!;
    const cancelled = downstreamEvent('order.cancelled', {
      customerId: winner.customerId,
      payload: { orderId: winner.orderId },
    });
    await send(h.producer, h.topics.resolvedEvents, byCustomer, cancelled);
    await eventually(() => processed(h.db, [cancelled]), 'the cancellation');
    const [{ left }] = await h.db.dataSource.query(
      `SELECT units_sold AS left FROM promotions WHERE id = $1`,
      [flashId],
    );
    expect(left).toBe(7);
  });

  it('a malformed order event is dead-lettered and the orders after it are still recorded', async () => {
    const code = unique('POISON');
    await couponCampaign(code, {});
    const customerId = unique('cus-');
    const poison = {
      eventId: unique('poison-'),
      type: 'order.placed',
      version: 1,
      customerId,
      payload: { orderId: 'x' },
    };
    const after = order(customerId, unique('ord'), { coupons: [code] });
    await send(h.producer, h.topics.resolvedEvents, byCustomer, poison, after);
    await eventually(() => processed(h.db, [after]), 'the order after the poison');
    expect((await coupon(code)).uses).toBe(1);
    const dead = await waitForMessage<{ eventId: string }>(
      'promotions.dlt.v1',
      ({ value }) => value.eventId === poison.eventId,
    );
    expect(dead.key).toBe(customerId);
  });
});
