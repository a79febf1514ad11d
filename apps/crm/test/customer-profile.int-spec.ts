import { randomUUID } from 'node:crypto';
import { useHarness } from '@omni/testing';
import { auth, paid, refunded, resolvedEvent, startCrm } from './support/crm-harness';

type Profile = Record<string, unknown> & {
  traits: Record<string, { value: unknown; setAt: string; strategy: string }>;
  points: { balance: number };
};

describe('customer profile', () => {
  const crm = useHarness(() => startCrm({ CRM_TRAIT_STRATEGIES: '{"province":"union"}' }));

  const get = (customerId: string) =>
    crm.app.inject({
      method: 'GET',
      url: `/v1/customers/${encodeURIComponent(customerId)}`,
      headers: auth,
    });
  const profile = async (customerId: string) => (await get(customerId)).json() as Profile;

  const identified = (
    customerId: string,
    at: string,
    traits: Record<string, string>,
    eventId: string,
  ) =>
    resolvedEvent('customer.identified', customerId, {
      occurredAt: at,
      eventId,
      payload: { traits },
    });

  it('merges traits by their strategy and event time, whatever order the events arrive in', async () => {
    const events = (customerId: string) => [
      identified(
        customerId,
        '2026-03-01T00:00:00Z',
        { city: 'Hangzhou', birthday: '1990-04-01', province: 'Zhejiang' },
        `${customerId}-i1`,
      ),
      identified(
        customerId,
        '2026-05-01T00:00:00Z',
        { city: 'Shanghai', birthday: '1991-01-01', province: 'Shanghai' },
        `${customerId}-i2`,
      ),
      identified(
        customerId,
        '2026-04-01T00:00:00Z',
        { city: 'Suzhou', name: 'Li Wei' },
        `${customerId}-i3`,
      ),
    ];
    const [inOrder, reversed] = [`cus-${randomUUID()}`, `cus-${randomUUID()}`];
    await crm.apply(...events(inOrder));
    await crm.apply(...events(reversed).reverse());
    const traits = (await profile(inOrder)).traits;
    expect(traits).toEqual((await profile(reversed)).traits);
    expect(traits).toEqual({
      city: { value: 'Shanghai', setAt: '2026-05-01T00:00:00.000Z', strategy: 'latest' },
      birthday: { value: '1990-04-01', setAt: '2026-03-01T00:00:00.000Z', strategy: 'first' },
      name: { value: 'Li Wei', setAt: '2026-04-01T00:00:00.000Z', strategy: 'latest' },
      province: {
        value: ['Shanghai', 'Zhejiang'],
        setAt: '2026-05-01T00:00:00.000Z',
        strategy: 'union',
      },
    });
  });

  it('adds up channels, orders, paid spend, refunds, AOV, store visits, reviews and the service-contact timeline', async () => {
    const customerId = `cus-${randomUUID()}`;
    await crm.apply(
      resolvedEvent('order.placed', customerId, {
        occurredAt: '2026-06-01T09:00:00Z',
        payload: { orderId: 'o1' },
      }),
      paid(customerId, 'o1', 30_000, '2026-06-01T10:00:00Z'),
      { ...paid(customerId, 'o2', 10_001, '2026-06-10T10:00:00Z'), channel: 'wechat-miniprogram' },
      { ...refunded(customerId, 'o2', 5_000, '2026-06-12T10:00:00Z'), channel: 'tmall' },
      resolvedEvent('store.visited', customerId, {
        occurredAt: '2026-06-15T10:00:00Z',
        channel: 'pos',
      }),
      resolvedEvent('service.contacted', customerId, {
        occurredAt: '2026-06-16T10:00:00Z',
        channel: 'call-center',
        payload: {
          contactId: 'c1',
          medium: 'phone',
          reason: 'delivery',
          orderId: 'o2',
          resolved: false,
        },
      }),
      resolvedEvent('service.contacted', customerId, {
        occurredAt: '2026-06-17T10:00:00Z',
        channel: 'wechat-miniprogram',
        payload: {
          contactId: 'c2',
          medium: 'chat',
          reason: 'delivery',
          orderId: 'o2',
          resolved: true,
          satisfaction: 4,
        },
      }),
    );
    const body = await profile(customerId);
    expect(body).toMatchObject({
      customerId,
      tier: 'regular',
      firstSeenAt: '2026-06-01T09:00:00.000Z',
      lastSeenAt: '2026-06-17T10:00:00.000Z',
      orders: {
        count: 2,
        paid: 2,
        paidSpend: [{ currency: 'CNY', amount: 40_001 }],
        refunds: 1,
        refunded: [{ currency: 'CNY', amount: 5_000 }],
        averageOrderValue: [{ currency: 'CNY', amount: 20_001 }],
      },
      storeVisits: 1,
      reviews: 0,
      serviceContacts: [
        {
          at: '2026-06-16T10:00:00.000Z',
          channel: 'call-center',
          contactId: 'c1',
          medium: 'phone',
          reason: 'delivery',
          orderId: 'o2',
          resolved: false,
        },
        {
          at: '2026-06-17T10:00:00.000Z',
          channel: 'wechat-miniprogram',
          contactId: 'c2',
          medium: 'chat',
          reason: 'delivery',
          orderId: 'o2',
          resolved: true,
          satisfaction: 4,
        },
      ],
    });
    expect(body['channels']).toEqual([
      {
        channel: 'call-center',
        firstSeenAt: '2026-06-16T10:00:00.000Z',
        lastSeenAt: '2026-06-16T10:00:00.000Z',
        events: 1,
      },
      {
        channel: 'pos',
        firstSeenAt: '2026-06-15T10:00:00.000Z',
        lastSeenAt: '2026-06-15T10:00:00.000Z',
        events: 1,
      },
      {
        channel: 'tmall',
        firstSeenAt: '2026-06-01T09:00:00.000Z',
        lastSeenAt: '2026-06-12T10:00:00.000Z',
        events: 3,
      },
      {
        channel: 'wechat-miniprogram',
        firstSeenAt: '2026-06-10T10:00:00.000Z',
        lastSeenAt: '2026-06-17T10:00:00.000Z',
        events: 2,
      },
    ]);
  });

  it('a review of a paid order earns points once per order; a review of an order not paid earns nothing', async () => {
    const customerId = `cus-${randomUUID()}`;
    const review = (orderId: string) =>
      resolvedEvent('review.submitted', customerId, {
        occurredAt: '2026-07-02T10:00:00Z',
        payload: { reviewId: `r-${randomUUID()}`, orderId, rating: 5 },
      });
    await crm.apply(
      paid(customerId, 'o1', 10_000, '2026-07-01T10:00:00Z'),
      review('o1'),
      review('o1'),
      review('never-paid'),
    );
    const body = await profile(customerId);
    expect(body['reviews']).toBe(3);
    expect(body.points.balance).toBe(100 + 50);
  });

  it('a review that arrives before its order’s payment earns its points when the payment arrives', async () => {
    const customerId = `cus-${randomUUID()}`;
    await crm.apply(
      resolvedEvent('review.submitted', customerId, {
        occurredAt: '2026-07-02T10:00:00Z',
        payload: { reviewId: `r-${randomUUID()}`, orderId: 'o1', rating: 4 },
      }),
    );
    expect((await profile(customerId)).points.balance).toBe(0);
    await crm.apply(paid(customerId, 'o1', 10_000, '2026-07-01T10:00:00Z'));
    expect((await profile(customerId)).points.balance).toBe(100 + 50);
  });

  it('answers 404 customer_not_found for an unknown customer and 400 for a malformed id', async () => {
    const unknown = await get(`cus-${randomUUID()}`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('customer_not_found');
    const malformed = await get('cus-\u0001');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe('invalid_request');
  });
});
