import { defaultConditions } from './default-rules';
import { cart, line, promotion } from './engine.spec-helper';
import { quoteCart } from './quote';

/** Arguments for each condition that reads the customer, as broad as they can be. */
const broadest: Record<string, unknown> = {
  'tier-at-least': { tier: 'regular' },
  segment: { segments: ['vip', 'churn-risk'] },
  'first-order': {},
};

describe('conditions that read the customer', () => {
  const readers = defaultConditions.filter((rule) => rule.readsCustomer === true);

  it('are the tier, segment and first-order conditions, each with arguments here', () => {
    expect(readers.map((rule) => rule.code).sort()).toEqual(Object.keys(broadest).sort());
  });

  it('never hold for an anonymous buyer, which lets the quote skip the anonymous pass', () => {
    const anonymous = cart([line('A', 'sku-a', 1, 1_000)]);
    for (const rule of readers) {
      const result = rule.check(
        { cart: anonymous, lines: [], subtotal: 1_000, shipping: 0 },
        rule.args.parse(broadest[rule.code]) as never,
      );
      expect(result.ok).toBe(false);
    }
  });

  it('a member quote without an applied customer promotion says the member pays no more than an anonymous buyer', () => {
    const quote = quoteCart(
      [
        promotion({
          id: 'all',
          actions: [{ code: 'amount-off', args: { amount: 100, per: 'order' } }],
        }),
        promotion({
          id: 'gold',
          conditions: [{ code: 'tier-at-least', args: { tier: 'gold' } }],
          actions: [{ code: 'amount-off', args: { amount: 100, per: 'order' } }],
        }),
      ],
      cart([line('A', 'sku-a', 1, 1_000)], {
        customer: { customerId: 'cus-1', tier: 'silver', segments: [], firstOrder: false },
      }),
    );
    expect(quote.totals.total).toBe(900);
    expect(quote.fairness).toEqual({
      adjusted: false,
      explanation: 'the customer pays no more than an anonymous buyer of the same cart',
    });
  });
});
