import { randomUUID } from 'node:crypto';
import { eventDedupeKey } from '@omni/contracts';
import { useHarness } from '@omni/testing';
import {
  downstreamEvent,
  eventually,
  liveCampaign,
  processed,
  send,
  startPromotionsHarness,
  unique,
} from './support/promotions-harness';

describe('identity merges, splits and erasure through Postgres and Kafka', () => {
  let code: string;

  const h = useHarness(startPromotionsHarness);

  beforeAll(async () => {
    code = unique('ONCEEACH');
    const { id } = await liveCampaign(
      h,
      [
        {
          name: 'once per customer',
          priority: 1,
          conditions: [{ code: 'coupon-code', args: { code } }],
          actions: [{ code: 'amount-off', args: { amount: 1_000, per: 'order' } }],
        },
      ],
      { channels: ['tmall'] },
    );
    const made = await h.post(
      `/v1/campaigns/${id}/coupons`,
      { code, perCustomerLimit: 1, reason: 'integration test' },
      'ops:author',
    );
    expect(made.statusCode).toBe(201);
  });

  const byCustomer = (event: Record<string, unknown>) => String(event['customerId']);
  const order = (customerId: string) =>
    downstreamEvent('order.placed', {
      customerId,
      payload: {
        orderId: unique('ord'),
        lines: [{ sku: 'SKU-I', quantity: 1, unitPrice: { amount: 10_000, currency: 'CNY' } }],
        subtotal: undefined,
        discount: undefined,
        shipping: undefined,
        total: { amount: 9_000, currency: 'CNY' },
        coupons: [code],
      },
    });
  const change = (type: string, customerId: string, payload: object) => {
    const eventId = `idr-test-${randomUUID()}`;
    return {
      eventId,
      type,
      version: type === 'profile.split' ? 2 : 1,
      occurredAt: new Date().toISOString(),
      customerId,
      correlationId: eventId,
      causationId: eventId,
      payload,
    };
  };
  const redemptionsOf = (customerId: string): Promise<{ n: number }[]> =>
    h.db.dataSource.query(
      `SELECT count(*)::int AS n FROM redemptions WHERE customer_id = $1 AND status = 'recorded'`,
      [customerId],
    );

  it('a merge folds per-customer coupon uses into the survivor, so the limit still holds', async () => {
    const survivor = unique('cus-s-');
    const merged = unique('cus-m-');
    const first = order(merged);
    await send(h.producer, h.topics.resolvedEvents, byCustomer, first);
    await eventually(() => processed(h.db, [first]), 'the merged profile’s order');
    const merge = change('profile.merged', survivor, {
      survivorId: survivor,
      mergedIds: [merged],
      version: 2,
    });
    await send(h.producer, h.topics.profileChanges, byCustomer, merge, merge);
    await eventually(() => processed(h.db, [merge]), 'the merge');
    const exported = (await h.get(`/v1/customers/${survivor}/export`)).json();
    expect(exported.couponUses).toEqual([{ code, uses: 1 }]);
    expect(exported.redemptions).toHaveLength(1);
    expect((await h.get(`/v1/customers/${merged}/export`)).json().couponUses).toEqual([]);
    const second = order(survivor);
    await send(h.producer, h.topics.resolvedEvents, byCustomer, second);
    await eventually(() => processed(h.db, [second]), 'the survivor’s order');
    expect(await redemptionsOf(survivor)).toEqual([{ n: 1 }]);
  });

  it('a split moves the redemptions of the listed source events, their coupon uses and the order count, to the new profile', async () => {
    const from = unique('cus-f-');
    const split = unique('cus-n-');
    const placed = order(from);
    await send(h.producer, h.topics.resolvedEvents, byCustomer, placed);
    await eventually(() => processed(h.db, [placed]), 'the order');
    const key = eventDedupeKey({
      eventId: placed.eventId,
      connectorId: placed['connectorId'] as string,
    });
    const message = change('profile.split', from, {
      fromId: from,
      newIds: [split],
      version: 3,
      part: 1,
      parts: 1,
      moves: [{ customerId: split, eventKeys: [key] }],
    });
    await send(h.producer, h.topics.profileChanges, byCustomer, message);
    await eventually(() => processed(h.db, [message]), 'the split');
    expect(await redemptionsOf(from)).toEqual([{ n: 0 }]);
    expect(await redemptionsOf(split)).toEqual([{ n: 1 }]);
    expect((await h.get(`/v1/customers/${split}/export`)).json().couponUses).toEqual([
      { code, uses: 1 },
    ]);
    expect((await h.get(`/v1/customers/${from}/export`)).json().couponUses).toEqual([
      { code, uses: 0 },
    ]);
    // The order counts for the new profile now (first-order), not for the old one.
    const moved = (await h.get(`/v1/customers/${split}/export`)).json();
    expect(moved.customer).toEqual([expect.objectContaining({ orders: 1 })]);
    expect(moved.orders).toEqual([
      expect.objectContaining({ orderId: (placed['payload'] as { orderId: string }).orderId }),
    ]);
    const left = (await h.get(`/v1/customers/${from}/export`)).json();
    expect(left.customer).toEqual([expect.objectContaining({ orders: 0 })]);
    expect(left.orders).toEqual([]);
  });

  it('erasure deletes the customer’s codes, offers and counts and keeps only anonymous redemptions for the budget', async () => {
    const customerId = unique('cus-e-');
    const placed = order(customerId);
    await send(h.producer, h.topics.resolvedEvents, byCustomer, placed);
    await eventually(() => processed(h.db, [placed]), 'the order');
    const orderId = (placed['payload'] as { orderId: string }).orderId;
    const erased = change('profile.erased', customerId, { customerId, version: 5 });
    await send(h.producer, h.topics.profileChanges, byCustomer, erased);
    await eventually(() => processed(h.db, [erased]), 'the erasure');
    const exported = (await h.get(`/v1/customers/${customerId}/export`)).json();
    expect(Object.values(exported).every((rows) => (rows as unknown[]).length === 0)).toBe(true);
    const kept: { customer_id: string | null; discount: string }[] = await h.db.dataSource.query(
      `SELECT customer_id, discount FROM redemptions WHERE order_id = $1`,
      [orderId],
    );
    expect(kept).toEqual([{ customer_id: null, discount: '1000' }]);
  });
});
