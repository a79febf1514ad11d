import fc from 'fast-check';
import { quoteCart, type Quote } from './quote';
import { carts, promotions } from './quote.arbitraries.spec-helper';
import { referenceQuoteCart, type ReferenceQuote } from './reference-engine.spec-helper';
import { applicationOrder, stackPromotions, type StackResult } from './stacking';

describe('quoteCart (properties)', () => {
  it('every line discount is ≥ 0, each promotion’s line discounts add up to its amount, and the totals add up', () => {
    fc.assert(
      fc.property(promotions, carts, (list, cart) => {
        const quote = quoteCart(list, cart);
        for (const entry of quote.lines) {
          const onLine = quote.applied.map((applied) => applied.lineDiscounts[entry.lineId] ?? 0);
          for (const amount of onLine) expect(amount).toBeGreaterThanOrEqual(0);
          expect(entry.discount).toBe(onLine.reduce((sum, amount) => sum + amount, 0));
          expect(entry.total).toBe(entry.subtotal - entry.discount);
          expect(entry.total).toBeGreaterThanOrEqual(0);
        }
        for (const applied of quote.applied) {
          const amounts = Object.values(applied.lineDiscounts);
          for (const amount of amounts) expect(amount).toBeGreaterThan(0);
          expect(amounts.reduce((sum, amount) => sum + amount, 0)).toBe(applied.lineDiscount);
          expect(applied.amount).toBe(applied.lineDiscount + applied.shippingDiscount);
        }
        const lineTotal = quote.lines.reduce((sum, entry) => sum + entry.total, 0);
        expect(quote.totals.discount).toBe(
          quote.applied.reduce((sum, applied) => sum + applied.lineDiscount, 0),
        );
        expect(quote.totals.shippingDiscount).toBe(
          quote.applied.reduce((sum, applied) => sum + applied.shippingDiscount, 0),
        );
        expect(quote.totals.total).toBe(
          lineTotal + quote.totals.shipping - quote.totals.shippingDiscount,
        );
        expect(quote.totals.total).toBeGreaterThanOrEqual(0);
        expect(quote.applied.length + quote.notApplied.length).toBe(list.length);
      }),
      { numRuns: 300 },
    );
  });

  it('no line goes below its floor unless an applied promotion allows it', () => {
    fc.assert(
      fc.property(promotions, carts, (list, cart) => {
        const quote = quoteCart(list, cart);
        const belowAllowed = quote.applied.some(
          (applied) =>
            list.find((entry) => entry.id === applied.promotionId)?.allowBelowFloor === true,
        );
        if (belowAllowed) return;
        for (const entry of quote.lines) {
          const floor =
            (cart.lines.find((input) => input.lineId === entry.lineId)?.floorUnitPrice ?? 0) *
            entry.quantity;
          expect(entry.total).toBeGreaterThanOrEqual(Math.min(floor, entry.subtotal));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives byte-identical output whatever the order of lines, coupons and promotions', () => {
    fc.assert(
      fc.property(promotions, carts, fc.nat(), (list, cart, seed) => {
        const rotate = <T>(items: readonly T[]) => {
          const at = items.length === 0 ? 0 : seed % items.length;
          return [...items.slice(at), ...items.slice(0, at)];
        };
        const first = JSON.stringify(quoteCart(list, cart));
        expect(JSON.stringify(quoteCart(list, cart))).toBe(first);
        const shuffled = JSON.stringify(
          quoteCart(rotate(list).reverse(), {
            ...cart,
            lines: rotate(cart.lines).reverse(),
            coupons: [...cart.coupons].reverse(),
          }),
        );
        expect(shuffled).toBe(first);
      }),
      { numRuns: 300 },
    );
  });

  it('a member never pays more than an anonymous buyer of the same cart', () => {
    fc.assert(
      fc.property(promotions, carts, (list, cart) => {
        const member = quoteCart(list, cart);
        const anonymous = quoteCart(list, {
          ...cart,
          customer: { segments: [], firstOrder: false },
        });
        expect(member.totals.total).toBeLessThanOrEqual(anonymous.totals.total);
      }),
      { numRuns: 300 },
    );
  });

  it("an anonymous stacking taken up where the member's first customer promotion applied ends as the whole anonymous stacking does", () => {
    const endOf = (result: StackResult) => ({
      lines: result.lines.map((line) => line.amount),
      shipping: result.shipping,
    });
    fc.assert(
      fc.property(promotions, carts, (list, generated) => {
        const cart = {
          ...generated,
          lines: [...generated.lines].sort((a, b) => (a.lineId < b.lineId ? -1 : 1)),
        };
        const member = stackPromotions(list, cart);
        if (member.customerStep === undefined) return;
        const anonymous = { ...cart, customer: { segments: [], firstOrder: false } };
        expect(endOf(stackPromotions(list, anonymous, member.customerStep))).toEqual(
          endOf(stackPromotions(list, anonymous)),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('a stacking to any step followed by one taken up at that step lists the steps of the whole stacking', () => {
    const stepsOf = (result: Pick<StackResult, 'applied' | 'notApplied'>) => ({
      applied: result.applied.map(({ promotion, ...rest }) => ({ id: promotion.id, ...rest })),
      notApplied: result.notApplied.map(({ promotion, ...rest }) => ({
        id: promotion.id,
        ...rest,
      })),
    });
    fc.assert(
      fc.property(promotions, carts, fc.nat(), (list, generated, at) => {
        const cart = {
          ...generated,
          lines: [...generated.lines].sort((a, b) => (a.lineId < b.lineId ? -1 : 1)),
        };
        const whole = stackPromotions(list, cart);
        // Taken up after an applied stop-after promotion, a stacking no longer knows of it.
        const order = applicationOrder(list);
        const stopper = whole.applied.find(
          (applied) => applied.promotion.stopsFurtherPromotions === true,
        )?.promotion;
        const stopStep =
          stopper === undefined
            ? order.length
            : order.findIndex(
                (promotion) =>
                  promotion === stopper ||
                  (stopper.exclusiveGroup !== undefined &&
                    promotion.exclusiveGroup === stopper.exclusiveGroup),
              );
        const index = at % (stopStep + 1);
        const before = stackPromotions(list, cart, undefined, index);
        const state = {
          lines: before.lines,
          subtotal: before.lines.reduce((sum, line) => sum + line.amount, 0),
          shipping: before.shipping,
        };
        const after = stackPromotions(list, cart, { index, state });
        expect(
          stepsOf({
            applied: [...before.applied, ...after.applied],
            notApplied: [...before.notApplied, ...after.notApplied],
          }),
        ).toEqual(stepsOf(whole));
        expect(after.lines.map((line) => line.amount)).toEqual(
          whole.lines.map((line) => line.amount),
        );
        expect(after.shipping).toBe(whole.shipping);
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same lines, totals, discounts per line, explanations and reasons as the engine before ADR 0025', () => {
    fc.assert(
      fc.property(promotions, carts, fc.boolean(), (list, cart, anonymous) => {
        const input = anonymous ? { ...cart, customer: { segments: [], firstOrder: false } } : cart;
        const quote = quoteCart(list, input);
        const reference = referenceQuoteCart(list, input);
        expect(asReference(quote)).toEqual(withoutHash(reference));
        expect(quote.hash).toMatch(/^[0-9a-f]{64}$/);
      }),
      { numRuns: 500 },
    );
  });
});

/**
 * The quote in the form the engine before ADR 0025 gave: each line lists, in application
 * order, the promotions that took something off it, read back from the applied promotions'
 * `lineDiscounts`; so an equal result shows the compact form carries every line discount.
 */
function asReference({
  hash: _hash,
  lines,
  applied,
  ...rest
}: Quote): Omit<ReferenceQuote, 'hash'> {
  return {
    ...rest,
    lines: lines.map(({ discount, total, ...line }) => ({
      ...line,
      discounts: applied
        .filter((entry) => entry.lineDiscounts[line.lineId] !== undefined)
        .map((entry) => ({
          promotionId: entry.promotionId,
          amount: entry.lineDiscounts[line.lineId]!,
        })),
      discount,
      total,
    })),
    applied: applied.map(({ lineDiscounts, ...entry }) => {
      expect(
        Object.keys(lineDiscounts).every((lineId) => lines.some((line) => line.lineId === lineId)),
      ).toBe(true);
      return entry;
    }),
  };
}

function withoutHash({ hash: _hash, ...rest }: ReferenceQuote): Omit<ReferenceQuote, 'hash'> {
  return rest;
}
