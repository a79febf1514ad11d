import { cart, line, promotion } from '../engine.spec-helper';
import { quoteCart } from '../quote';

describe('flash-price', () => {
  const flash = (unitsLeft?: number) =>
    promotion({
      id: 'flash',
      actions: [{ code: 'flash-price', args: { unitPrice: 6_000, unitCap: 100, skus: ['sku-f'] } }],
      ...(unitsLeft === undefined ? {} : { unitsLeft }),
    });

  it('prices every scoped unit at the flash price while units are left, and counts them', () => {
    const quote = quoteCart([flash(10)], cart([line('A', 'sku-f', 3, 10_000)]));
    expect(quote.totals.total).toBe(18_000);
    expect(quote.applied[0]).toMatchObject({ promotionId: 'flash', amount: 12_000, units: 3 });
  });

  it('gives a cart wanting more units than are left the flash price on those left only, in line id order, and says so', () => {
    const quote = quoteCart(
      [flash(4)],
      cart([line('B', 'sku-f', 3, 10_000), line('A', 'sku-f', 2, 10_000)]),
    );
    // A: both units at 6000; B: 2 of 3 units at 6000, the third at 10000.
    expect(quote.lines.map((entry) => entry.total)).toEqual([12_000, 22_000]);
    expect(quote.applied[0]).toMatchObject({ amount: 16_000, units: 4 });
    expect(quote.applied[0]!.explanation).toContain(
      'on 4 of the 5 units in the cart: only 4 of the 100 flash units are left',
    );
  });

  it('does not apply when every flash unit is sold', () => {
    const quote = quoteCart([flash(0)], cart([line('A', 'sku-f', 1, 10_000)]));
    expect(quote.applied).toEqual([]);
    expect(quote.notApplied[0]).toMatchObject({ reason: 'budget-exhausted' });
  });

  it('uses no flash unit on a line already at or below the flash price', () => {
    const quote = quoteCart(
      [flash(1)],
      cart([line('A', 'sku-f', 1, 5_000), line('B', 'sku-f', 1, 10_000)]),
    );
    expect(quote.applied[0]).toMatchObject({ amount: 4_000, units: 1 });
  });
});
