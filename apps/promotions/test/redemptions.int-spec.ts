import { validateDownstreamEvent } from '@omni/contracts';
import { waitForMessage } from '@omni/testing';
import { RedemptionsService } from '../src/redemptions/redemptions.service';
import {
  downstreamEvent,
  eventually,
  liveCampaign,
  processed,
  send,
  startPromotionsHarness,
  type PromotionsHarness,
} from './support/promotions-harness';

const change = { reason: 'integration test' };
let counter = 0;
const unique = (prefix: string) =>
  `${prefix}${Date.now().toString(36).toUpperCase()}${(counter += 1)}`;

describe('redemptions from orders through Postgres and Kafka', () => {
  let h: PromotionsHarness;

  beforeAll(async () => {
    h = await startPromotionsHarness();
  });

  afterAll(async () => {
    await h?.close();
  });

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
    await send(h.producer, h.topics.resolved, byCustomer, placed, placed, again);
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
    await send(h.producer, h.topics.resolved, byCustomer, cancelled, cancelledAgain);
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
    await send(h.producer, h.topics.resolved, byCustomer, cancelled);
    await eventually(() => processed(h.db, [cancelled]), 'the cancellation');
    expect((await coupon(code)).uses).toBe(0);
    const next = order(unique('cus-'), unique('ord'), { coupons: [code] });
    await send(h.producer, h.topics.resolved, byCustomer, next);
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
    await send(h.producer, h.topics.resolved, byCustomer, first, second, other);
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
    await send(h.producer, h.topics.resolved, byCustomer, placed);
    await eventually(() => processed(h.db, [placed]), 'the order');
    expect((await redemptionsOf(orderId)).map((row) => row.coupon_code).sort()).toEqual([
      code,
      null,
    ]);
    expect((await coupon(code)).uses).toBe(1);
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
    await send(h.producer, h.topics.resolved, byCustomer, poison, after);
    await eventually(() => processed(h.db, [after]), 'the order after the poison');
    expect((await coupon(code)).uses).toBe(1);
    const dead = await waitForMessage<{ eventId: string }>(
      'promotions.dlt.v1',
      ({ value }) => value.eventId === poison.eventId,
    );
    expect(dead.key).toBe(customerId);
  });
});
