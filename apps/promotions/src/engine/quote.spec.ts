import { createHash } from 'node:crypto';
import { cart, line, promotion, registry } from './engine.spec-helper';
import { quoteCart, quoteCartWithJson } from './quote';

const byLine = (quote: ReturnType<typeof quoteCart>) =>
  Object.fromEntries(quote.lines.map((entry) => [entry.lineId, entry.total]));
const reasons = (quote: ReturnType<typeof quoteCart>) =>
  Object.fromEntries(quote.notApplied.map((entry) => [entry.promotionId, entry.reason]));

describe('quoteCart', () => {
  // A: 2 × 100.00, B: 1 × 150.00, a gold member with coupon SAVE60.
  const memberCart = cart([line('A', 'sku-a', 2, 10000), line('B', 'sku-b', 1, 15000)], {
    customer: { customerId: 'c-1', tier: 'gold', segments: [], firstOrder: false },
    coupons: [{ code: 'SAVE60' }],
  });
  const memberTen = promotion({
    id: 'member-10',
    priority: 100,
    conditions: [{ code: 'tier-at-least', args: { tier: 'silver' } }],
    actions: [{ code: 'percent-off', args: { basisPoints: 1000, target: 'lines' } }],
  });
  const spendTiers = promotion({
    id: 'tier-300',
    priority: 50,
    exclusiveGroup: 'checkout',
    actions: [
      {
        code: 'spend-tiers',
        args: {
          tiers: [
            { threshold: 30000, off: 5000 },
            { threshold: 60000, off: 12000 },
          ],
        },
      },
    ],
  });
  const coupon = promotion({
    id: 'coupon-60',
    priority: 50,
    exclusiveGroup: 'checkout',
    conditions: [{ code: 'coupon-code', args: { code: 'SAVE60' } }],
    actions: [{ code: 'amount-off', args: { amount: 6000, per: 'order' } }],
  });

  it('a member discount, then the better of a 滿減 tier and a coupon in one exclusive group', () => {
    const quote = quoteCart([spendTiers, coupon, memberTen], memberCart);
    // 10% per line: A 20000 → 18000, B 15000 → 13500; running subtotal 31500.
    // 滿300減50 would save 5000; the coupon saves 6000 and wins the group.
    // 6000 split over 18000 : 13500 → A 3428.57, B 2571.43; the leftover unit goes to A.
    expect(quote.lines).toEqual([
      {
        lineId: 'A',
        sku: 'sku-a',
        quantity: 2,
        unitPrice: 10000,
        subtotal: 20000,
        discount: 5429,
        total: 14571,
      },
      {
        lineId: 'B',
        sku: 'sku-b',
        quantity: 1,
        unitPrice: 15000,
        subtotal: 15000,
        discount: 4071,
        total: 10929,
      },
    ]);
    expect(quote.totals).toEqual({
      subtotal: 35000,
      discount: 9500,
      shipping: 0,
      shippingDiscount: 0,
      total: 25500,
    });
    expect(
      quote.applied.map((applied) => [applied.promotionId, applied.amount, applied.lineDiscounts]),
    ).toEqual([
      ['member-10', 3500, { A: 2000, B: 1500 }],
      ['coupon-60', 6000, { A: 3429, B: 2571 }],
    ]);
    expect(quote.notApplied).toEqual([
      {
        promotionId: 'tier-300',
        campaignId: 'campaign-1',
        name: 'tier-300',
        reason: 'lost-to-better-group-member',
        explanation: 'group checkout: coupon-60 saves CNY 60.00, this one CNY 50.00',
      },
    ]);
  });

  it('tests a spend threshold on the running subtotal after the discounts before it', () => {
    const tenOff = promotion({
      id: 'ten-off',
      priority: 100,
      actions: [{ code: 'percent-off', args: { basisPoints: 1000, target: 'lines' } }],
    });
    // 31000 reaches 30000, but after 10% off (27900) it does not.
    const quote = quoteCart([tenOff, spendTiers], cart([line('A', 'sku-a', 1, 31000)]));
    expect(quote.totals.total).toBe(27900);
    expect(reasons(quote)).toEqual({ 'tier-300': 'below-threshold' });
  });

  it('applies "every 300 off 50" once per full 300', () => {
    const every = promotion({
      id: 'every',
      actions: [{ code: 'every-spend', args: { every: 30000, off: 5000 } }],
    });
    expect(quoteCart([every], cart([line('A', 'sku-a', 1, 95000)])).totals.discount).toBe(15000);
    expect(quoteCart([every], cart([line('A', 'sku-a', 1, 29999)])).notApplied[0]?.reason).toBe(
      'below-threshold',
    );
  });

  it('a stop-after promotion skips every promotion after it, with the reason', () => {
    const first = promotion({
      id: 'first',
      priority: 10,
      stopsFurtherPromotions: true,
      actions: [{ code: 'amount-off', args: { amount: 1000, per: 'order' } }],
    });
    const later = promotion({
      id: 'later',
      priority: 5,
      actions: [{ code: 'amount-off', args: { amount: 500, per: 'order' } }],
    });
    const quote = quoteCart([later, first], cart([line('A', 'sku-a', 1, 10000)]));
    expect(quote.totals.total).toBe(9000);
    expect(quote.notApplied).toEqual([
      expect.objectContaining({
        promotionId: 'later',
        reason: 'stopped-by-earlier-promotion',
        explanation: 'first (first) applied and stops the promotions after it',
      }),
    ]);
  });

  it('a stop-after promotion that does not apply stops nothing', () => {
    const first = promotion({
      id: 'first',
      priority: 10,
      stopsFurtherPromotions: true,
      conditions: [{ code: 'channel', args: { channels: ['jd'] } }],
      actions: [{ code: 'amount-off', args: { amount: 1000, per: 'order' } }],
    });
    const later = promotion({
      id: 'later',
      actions: [{ code: 'amount-off', args: { amount: 500, per: 'order' } }],
    });
    const quote = quoteCart([first, later], cart([line('A', 'sku-a', 1, 10000)]));
    expect(quote.totals.total).toBe(9500);
    expect(reasons(quote)).toEqual({ first: 'channel-mismatch' });
  });

  it('an exclusive group with equal savings keeps the member with the smaller id', () => {
    const b = promotion({
      id: 'b',
      exclusiveGroup: 'g',
      priority: 9,
      actions: [{ code: 'amount-off', args: { amount: 500, per: 'order' } }],
    });
    const a = promotion({
      id: 'a',
      exclusiveGroup: 'g',
      priority: 1,
      actions: [{ code: 'amount-off', args: { amount: 500, per: 'order' } }],
    });
    const quote = quoteCart([b, a], cart([line('A', 'sku-a', 1, 10000)]));
    expect(quote.applied.map((applied) => applied.promotionId)).toEqual(['a']);
    expect(reasons(quote)).toEqual({ b: 'lost-to-better-group-member' });
  });

  it('buy 2 get 1 frees the cheapest unit, ties by line id, in every line order', () => {
    const bxgy = promotion({
      id: 'b2g1',
      actions: [{ code: 'buy-x-get-y', args: { buy: 2, get: 1 } }],
    });
    const lines = [
      line('L1', 'sku-x', 1, 5000),
      line('L2', 'sku-y', 1, 5000),
      line('L3', 'sku-z', 1, 8000),
    ];
    const orders = [
      [0, 1, 2],
      [0, 2, 1],
      [1, 0, 2],
      [1, 2, 0],
      [2, 0, 1],
      [2, 1, 0],
    ].map((order) => order.map((index) => lines[index]!));
    const quotes = orders.map((ordered) => quoteCart([bxgy], cart(ordered)));
    for (const quote of quotes) {
      expect(byLine(quote)).toEqual({ L1: 0, L2: 5000, L3: 8000 });
      expect(JSON.stringify(quote)).toBe(JSON.stringify(quotes[0]));
    }
  });

  it('buy-x-get-y takes a free unit from within a multi-unit line', () => {
    const bxgy = promotion({
      id: 'b1g1',
      actions: [{ code: 'buy-x-get-y', args: { buy: 1, get: 1 } }],
    });
    const quote = quoteCart(
      [bxgy],
      cart([line('L1', 'sku-x', 3, 1000), line('L2', 'sku-y', 1, 3000)]),
    );
    // 4 units → 2 free: the two cheapest are units of L1.
    expect(byLine(quote)).toEqual({ L1: 1000, L2: 3000 });
  });

  it('adds a gift line and makes shipping free', () => {
    const gift = promotion({
      id: 'gift',
      conditions: [{ code: 'min-subtotal', args: { amount: 10000 } }],
      actions: [
        { code: 'gift', args: { sku: 'tote-bag', quantity: 1 } },
        { code: 'free-shipping', args: {} },
      ],
    });
    const quote = quoteCart([gift], cart([line('A', 'sku-a', 1, 12000)], { shipping: 800 }));
    expect(quote.gifts).toEqual([{ promotionId: 'gift', sku: 'tote-bag', quantity: 1 }]);
    expect(quote.totals).toEqual({
      subtotal: 12000,
      discount: 0,
      shipping: 800,
      shippingDiscount: 800,
      total: 12000,
    });
    expect(quote.applied[0]).toEqual(
      expect.objectContaining({
        amount: 800,
        explanation:
          'running subtotal of the cart is CNY 120.00, at least CNY 100.00; gift: 1 × tote-bag; free shipping: CNY 8.00 off shipping',
      }),
    );
  });

  it('never takes a line below its SKU floor unless the campaign allows it', () => {
    const deep = promotion({
      id: 'deep',
      actions: [{ code: 'percent-off', args: { basisPoints: 9000, target: 'lines' } }],
    });
    const floored = cart([line('A', 'sku-a', 2, 10000, { floorUnitPrice: 7000 })]);
    const quote = quoteCart([deep], floored);
    expect(byLine(quote)).toEqual({ A: 14000 });
    expect(quote.applied[0]?.explanation).toContain('price floors');
    const allowed = promotion({
      id: 'deep',
      allowBelowFloor: true,
      actions: [{ code: 'percent-off', args: { basisPoints: 9000, target: 'lines' } }],
    });
    expect(byLine(quoteCart([allowed], floored))).toEqual({ A: 2000 });
    const second = promotion({
      id: 'second',
      priority: -1,
      actions: [{ code: 'amount-off', args: { amount: 100, per: 'order' } }],
    });
    expect(reasons(quoteCart([deep, second], floored))).toEqual({ second: 'floor-reached' });
  });

  it('never lets stacked amounts take the total below zero', () => {
    const big = promotion({
      id: 'big',
      actions: [{ code: 'amount-off', args: { amount: 50000, per: 'order' } }],
    });
    const more = promotion({
      id: 'more',
      priority: -1,
      actions: [{ code: 'amount-off', args: { amount: 50000, per: 'unit' } }],
    });
    const quote = quoteCart(
      [big, more],
      cart([line('A', 'sku-a', 1, 3000), line('B', 'sku-b', 2, 1000)]),
    );
    expect(quote.totals.total).toBe(0);
    expect(quote.lines.every((entry) => entry.total === 0)).toBe(true);
    expect(reasons(quote)).toEqual({ more: 'floor-reached' });
  });

  it('gives a reason code for every promotion that did not apply', () => {
    const quote = quoteCart(
      [
        promotion({
          id: 'tier',
          conditions: [{ code: 'tier-at-least', args: { tier: 'gold' } }],
          actions: [{ code: 'free-shipping', args: {} }],
        }),
        promotion({
          id: 'segment',
          conditions: [{ code: 'segment', args: { segments: ['vip'] } }],
          actions: [{ code: 'free-shipping', args: {} }],
        }),
        promotion({
          id: 'first-order',
          conditions: [{ code: 'first-order', args: {} }],
          actions: [{ code: 'free-shipping', args: {} }],
        }),
        promotion({
          id: 'coupon',
          conditions: [{ code: 'coupon-code', args: { batchId: 'batch-1' } }],
          actions: [{ code: 'free-shipping', args: {} }],
        }),
        promotion({
          id: 'sku',
          conditions: [{ code: 'items-in-cart', args: { categories: ['shoes'] } }],
          actions: [{ code: 'free-shipping', args: {} }],
        }),
        promotion({
          id: 'quantity',
          conditions: [{ code: 'min-quantity', args: { quantity: 3 } }],
          actions: [{ code: 'free-shipping', args: {} }],
        }),
        promotion({ id: 'usd', currency: 'USD', actions: [{ code: 'free-shipping', args: {} }] }),
        promotion({
          id: 'spent',
          budget: { remainingAmount: 100 },
          actions: [{ code: 'free-shipping', args: {} }],
        }),
        promotion({
          id: 'used-up',
          budget: { remainingRedemptions: 0 },
          actions: [{ code: 'free-shipping', args: {} }],
        }),
        promotion({
          id: 'limit',
          unavailable: { reason: 'coupon-limit-reached', explanation: 'coupon X has no uses left' },
          actions: [{ code: 'free-shipping', args: {} }],
        }),
        promotion({
          id: 'flash',
          conditions: [
            {
              code: 'time-window',
              args: { timeZone: 'Asia/Shanghai', hours: { from: '20:00', to: '20:01' } },
            },
          ],
          actions: [{ code: 'free-shipping', args: {} }],
        }),
      ],
      cart([line('A', 'sku-a', 1, 1000)], { shipping: 800 }),
    );
    expect(reasons(quote)).toEqual({
      coupon: 'coupon-missing',
      'first-order': 'audience-mismatch',
      flash: 'outside-window',
      limit: 'coupon-limit-reached',
      quantity: 'below-threshold',
      segment: 'audience-mismatch',
      sku: 'no-qualifying-items',
      spent: 'budget-exhausted',
      tier: 'audience-mismatch',
      usd: 'currency-mismatch',
      'used-up': 'budget-exhausted',
    });
    expect(quote.notApplied.find((entry) => entry.promotionId === 'flash')?.explanation).toBe(
      'time-window: Wed 12:00 (Asia/Shanghai) is outside 20:00–20:01',
    );
  });

  it('reads a flash window in its time zone', () => {
    const flash = promotion({
      id: 'flash',
      conditions: [
        {
          code: 'time-window',
          args: {
            timeZone: 'Asia/Shanghai',
            from: '2026-11-11T00:00:00+08:00',
            to: '2026-11-11T00:01:00+08:00',
          },
        },
      ],
      actions: [{ code: 'percent-off', args: { basisPoints: 5000, target: 'order' } }],
    });
    const at = (instant: string) =>
      quoteCart([flash], cart([line('A', 'sku-a', 1, 1000)], { at: instant })).totals.total;
    expect(at('2026-11-10T16:00:30.000Z')).toBe(500);
    expect(at('2026-11-10T16:01:00.000Z')).toBe(1000);
    expect(at('2026-11-10T15:59:59.999Z')).toBe(1000);
  });

  it('never charges a member more than an anonymous buyer of the same cart', () => {
    const memberOnly = promotion({
      id: 'member-5',
      priority: 100,
      stopsFurtherPromotions: true,
      conditions: [{ code: 'tier-at-least', args: { tier: 'silver' } }],
      actions: [{ code: 'percent-off', args: { basisPoints: 500, target: 'order' } }],
    });
    const everyone = promotion({
      id: 'everyone-20',
      actions: [{ code: 'percent-off', args: { basisPoints: 2000, target: 'order' } }],
    });
    const quote = quoteCart([memberOnly, everyone], { ...memberCart, coupons: [] });
    expect(quote.totals.total).toBe(28000);
    expect(quote.fairness.adjusted).toBe(true);
    expect(quote.fairness.explanation).toBe(
      "the customer's promotions would total CNY 332.50, more than the CNY 280.00 an anonymous buyer pays, so the anonymous promotions apply",
    );
    expect(quote.customerId).toBe('c-1');
  });

  it('a member discount that drops the cart below a threshold an anonymous buyer reaches: the anonymous total applies', () => {
    const gold = cart([line('A', 'sku-a', 1, 31000)], {
      customer: { customerId: 'c-1', tier: 'gold', segments: [], firstOrder: false },
    });
    // Member: 10% → 27900, below 滿300; anonymous: 31000 − 5000 = 26000.
    const quote = quoteCart([memberTen, spendTiers], gold);
    expect(quote.totals.total).toBe(26000);
    expect(quote.fairness.adjusted).toBe(true);
    expect(reasons(quote)).toEqual({ 'member-10': 'audience-mismatch' });
  });

  it('gives the same bytes and hash for the same input, and a different hash for another cart', () => {
    const first = quoteCart([memberTen, spendTiers, coupon], memberCart);
    const again = quoteCart([coupon, spendTiers, memberTen], {
      ...memberCart,
      lines: [...memberCart.lines].reverse(),
    });
    expect(JSON.stringify(again)).toBe(JSON.stringify(first));
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    const other = quoteCart([memberTen], memberCart);
    expect(other.hash).not.toBe(first.hash);
  });

  it('hands over the JSON its hash is taken of, the quote without its hash', () => {
    const { quote, body } = quoteCartWithJson([memberTen, spendTiers, coupon], memberCart);
    const { hash, ...rest } = quote;
    expect(body).toBe(JSON.stringify(rest));
    expect(hash).toBe(createHash('sha256').update(body).digest('hex'));
    expect(quote).toEqual(quoteCart([memberTen, spendTiers, coupon], memberCart));
  });

  it('lists each applied promotion’s line discounts once, keyed by line id, whatever the line id', () => {
    const lines = [line('__proto__', 'sku-a', 1, 10000), line('7', 'sku-b', 1, 5000)];
    const { quote, body } = quoteCartWithJson([memberTen], { ...memberCart, lines });
    const [applied] = quote.applied;
    expect(Object.getPrototypeOf(applied!.lineDiscounts)).toBe(Object.prototype);
    expect(Object.entries(applied!.lineDiscounts)).toEqual([
      ['7', 500],
      ['__proto__', 1000],
    ]);
    expect(JSON.parse(body).applied[0].lineDiscounts).toEqual(applied!.lineDiscounts);
    expect(quote.lines.map((entry) => [entry.lineId, entry.discount])).toEqual([
      ['7', 500],
      ['__proto__', 1000],
    ]);
  });

  it('refuses a cart with two lines of the same id', () => {
    expect(() => quoteCart([], cart([line('A', 'x', 1, 1), line('A', 'y', 1, 1)]))).toThrow(
      'line ids must be unique',
    );
  });
});

describe('RuleRegistry', () => {
  it('reports unknown rules and invalid arguments with their paths', () => {
    expect(
      registry.check({
        conditions: [{ code: 'moon-phase', args: {} }],
        actions: [
          { code: 'percent-off', args: { basisPoints: 20000, target: 'lines' } },
          {
            code: 'spend-tiers',
            args: {
              tiers: [
                { threshold: 600, off: 100 },
                { threshold: 300, off: 50 },
              ],
            },
          },
        ],
      }),
    ).toEqual([
      { path: 'conditions.0.code', message: 'unknown condition "moon-phase"' },
      { path: 'actions.0.args.basisPoints', message: 'Too big: expected number to be <=10000' },
      { path: 'actions.1.args.tiers', message: 'expected tiers in rising threshold order' },
    ]);
  });

  it('refuses a promotion without actions and an unknown time zone', () => {
    expect(
      registry.check({
        conditions: [{ code: 'time-window', args: { timeZone: 'Mars/Olympus' } }],
        actions: [],
      }),
    ).toEqual([
      { path: 'actions', message: 'expected at least one action' },
      {
        path: 'conditions.0.args.timeZone',
        message: 'expected an IANA time zone, e.g. Asia/Shanghai',
      },
    ]);
  });
});
