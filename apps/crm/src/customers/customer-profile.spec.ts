import { foldProfile } from './customer-profile';
import type { CustomerFact } from './customers.repository';

const fact = (
  over: Partial<CustomerFact> & Pick<CustomerFact, 'eventKey' | 'type'>,
): CustomerFact => ({
  customerId: 'c',
  channel: 'tmall',
  occurredAt: new Date('2026-06-01T00:00:00Z'),
  orderId: null,
  amount: null,
  currency: null,
  data: null,
  ...over,
});

describe('foldProfile', () => {
  it('counts one payment per order and rounds AOV once per currency', () => {
    const folded = foldProfile(
      [
        fact({ eventKey: 'p1', type: 'order.paid', orderId: 'o1', amount: 100, currency: 'CNY' }),
        fact({ eventKey: 'p1b', type: 'order.paid', orderId: 'o1', amount: 100, currency: 'CNY' }),
        fact({ eventKey: 'p2', type: 'order.paid', orderId: 'o2', amount: 101, currency: 'CNY' }),
        fact({ eventKey: 'p3', type: 'order.paid', orderId: 'o3', amount: 500, currency: 'USD' }),
      ],
      {},
    );
    expect(folded.orders).toMatchObject({
      count: 3,
      paid: 3,
      paidSpend: [
        { currency: 'CNY', amount: 201 },
        { currency: 'USD', amount: 500 },
      ],
      averageOrderValue: [
        { currency: 'CNY', amount: 101 },
        { currency: 'USD', amount: 500 },
      ],
    });
  });

  it('an empty history folds to an empty profile', () => {
    expect(foldProfile([], {})).toMatchObject({
      firstSeenAt: null,
      lastSeenAt: null,
      channels: [],
      traits: {},
    });
  });
});
