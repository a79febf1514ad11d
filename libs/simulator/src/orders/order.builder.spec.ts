import fc from 'fast-check';
import type { Product } from '../config/simulation-config';
import { allocateByLargestRemainder, priceOrder } from './order.builder';

const product = (sku: string, listPrice: number): Product => ({
  sku,
  name: sku,
  category: 'c',
  listPrice,
  unitCost: 1,
});

const rules = { currency: 'CNY', freeShippingThreshold: 9900, shippingFee: 800 };
const coupon = { code: 'TM-300-50', threshold: 30000, discount: 5000 };

describe('allocateByLargestRemainder', () => {
  it('splits any amount so the parts add up exactly and each is within 1 of its exact share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.array(fc.integer({ min: 1, max: 100_000 }), { minLength: 1, maxLength: 12 }),
        (amount, weights) => {
          const shares = allocateByLargestRemainder(amount, weights);
          const total = weights.reduce((sum, weight) => sum + weight, 0);
          expect(shares.reduce((sum, share) => sum + share, 0)).toBe(amount);
          shares.forEach((share, index) => {
            expect(Number.isInteger(share)).toBe(true);
            expect(Math.abs(share - (amount * weights[index]) / total)).toBeLessThan(1);
          });
        },
      ),
    );
  });

  it('gives the leftover unit to the larger remainder', () => {
    expect(allocateByLargestRemainder(100, [1, 2])).toEqual([33, 67]);
  });
});

describe('priceOrder', () => {
  it('applies a 满300减50 coupon over the threshold and splits it over the lines exactly', () => {
    const priced = priceOrder(
      [
        { product: product('A', 76000), quantity: 1, unitPrice: 76000 },
        { product: product('B', 43000), quantity: 2, unitPrice: 43000 },
      ],
      rules,
      coupon,
    );
    expect(priced.subtotal).toEqual({ amount: 162000, currency: 'CNY' });
    expect(priced.discount).toEqual({ amount: 5000, currency: 'CNY' });
    expect(priced.lines.map((line) => line.discount?.amount)).toEqual([2346, 2654]);
    expect(priced.total).toEqual({ amount: 157000, currency: 'CNY' });
    expect(priced.coupons).toEqual(['TM-300-50']);
  });

  it('ignores the coupon below its threshold and charges shipping below the free-shipping line', () => {
    const priced = priceOrder(
      [{ product: product('C', 6900), quantity: 1, unitPrice: 6900 }],
      rules,
      coupon,
    );
    expect(priced.discount).toBeUndefined();
    expect(priced.coupons).toBeUndefined();
    expect(priced.lines[0].discount).toBeUndefined();
    expect(priced.total).toEqual({ amount: 7700, currency: 'CNY' });
  });
});
