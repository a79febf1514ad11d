import fc from 'fast-check';
import { allocateInOrder, allocateLargestRemainder, formatMoney, mulDivRound } from './money';

describe('allocateLargestRemainder', () => {
  it('splits in proportion and gives the leftover unit to the largest remainder', () => {
    const shares = allocateLargestRemainder(5000, [
      { id: 'a', weight: 18000, cap: 18000 },
      { id: 'b', weight: 13500, cap: 13500 },
    ]);
    expect(Object.fromEntries(shares)).toEqual({ a: 2857, b: 2143 });
  });

  it('breaks equal remainders by id, whatever the order of the entries', () => {
    const entries = [
      { id: 'c', weight: 1, cap: 10 },
      { id: 'a', weight: 1, cap: 10 },
      { id: 'b', weight: 1, cap: 10 },
    ];
    expect(Object.fromEntries(allocateLargestRemainder(2, entries))).toEqual({ a: 1, b: 1, c: 0 });
    expect(Object.fromEntries(allocateLargestRemainder(2, [...entries].reverse()))).toEqual({
      a: 1,
      b: 1,
      c: 0,
    });
  });

  it('fixes an entry at its cap and splits the rest among the others', () => {
    const shares = allocateLargestRemainder(1000, [
      { id: 'a', weight: 1000, cap: 100 },
      { id: 'b', weight: 1000, cap: 1000 },
    ]);
    expect(Object.fromEntries(shares)).toEqual({ a: 100, b: 900 });
  });

  it('splits evenly when every weight is zero', () => {
    const shares = allocateLargestRemainder(3, [
      { id: 'a', weight: 0, cap: 5 },
      { id: 'b', weight: 0, cap: 5 },
    ]);
    expect(Object.fromEntries(shares)).toEqual({ a: 2, b: 1 });
  });

  it('refuses more than the caps allow', () => {
    expect(() => allocateLargestRemainder(11, [{ id: 'a', weight: 1, cap: 10 }])).toThrow(
      RangeError,
    );
  });

  it('always adds up exactly, stays within each cap and ignores entry order (property)', () => {
    const entries = fc
      .uniqueArray(
        fc.record({
          id: fc.string({ minLength: 1, maxLength: 4 }),
          weight: fc.integer({ min: 0, max: 1_000_000 }),
          cap: fc.integer({ min: 0, max: 1_000_000 }),
        }),
        { selector: (entry) => entry.id, minLength: 1, maxLength: 20 },
      )
      .chain((list) => {
        const capacity = list.reduce((sum, entry) => sum + entry.cap, 0);
        return fc.tuple(fc.constant(list), fc.integer({ min: 0, max: capacity }), fc.nat());
      });
    fc.assert(
      fc.property(entries, ([list, total, seed]) => {
        const shares = allocateLargestRemainder(total, list);
        const values = [...shares.values()];
        expect(values.reduce((sum, share) => sum + share, 0)).toBe(total);
        for (const entry of list) {
          expect(shares.get(entry.id)).toBeGreaterThanOrEqual(0);
          expect(shares.get(entry.id)).toBeLessThanOrEqual(entry.cap);
        }
        const rotated = [...list.slice(seed % list.length), ...list.slice(0, seed % list.length)];
        expect(Object.fromEntries(allocateLargestRemainder(total, rotated))).toEqual(
          Object.fromEntries(shares),
        );
      }),
    );
  });
});

describe('allocateInOrder', () => {
  it('gives the leftover units to the largest remainders, ties in entry order, however many entries tie (property)', () => {
    // Without caps in the way: each entry's floor share, and one more for the `leftover`
    // largest remainders, the earlier entry first among equal ones.
    const oracle = (total: number, weights: readonly number[]) => {
      const sum = weights.reduce((acc, weight) => acc + weight, 0);
      const even = sum === 0;
      const divisor = BigInt(even ? weights.length : sum);
      const exact = weights.map((weight, at) => {
        const numerator = BigInt(total) * BigInt(even ? 1 : weight);
        return { at, floor: Number(numerator / divisor), fraction: numerator % divisor };
      });
      let leftover = total - exact.reduce((acc, share) => acc + share.floor, 0);
      const shares = exact.map((share) => share.floor);
      for (const share of [...exact].sort((a, b) =>
        a.fraction === b.fraction ? a.at - b.at : a.fraction > b.fraction ? -1 : 1,
      ))
        if (leftover > 0 && share.fraction > 0n) {
          shares[share.at] = shares[share.at]! + 1;
          leftover -= 1;
        }
      return shares;
    };
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 100_000 })), {
          minLength: 1,
          maxLength: 300,
        }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (weights, total) => {
          const caps = weights.map(() => total);
          expect(allocateInOrder(total, weights, caps)).toEqual(oracle(total, weights));
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('mulDivRound', () => {
  it('rounds half up in integer arithmetic, beyond the range of doubles', () => {
    expect(mulDivRound(15, 1000, 10_000)).toBe(2);
    expect(mulDivRound(14, 1000, 10_000)).toBe(1);
    expect(mulDivRound(900_000_000_000_001, 10_000, 10_000)).toBe(900_000_000_000_001);
  });

  it('gives what BigInt arithmetic gives, in and beyond the range of exact doubles (property)', () => {
    const exact = (amount: number, numerator: number, denominator: number) =>
      Number(
        (BigInt(amount) * BigInt(numerator) * 2n + BigInt(denominator)) /
          (BigInt(denominator) * 2n),
      );
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.maxSafeNat()),
        fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.maxSafeNat()),
        fc.oneof(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1 })),
        (amount, numerator, denominator) =>
          expect(mulDivRound(amount, numerator, denominator)).toBe(
            exact(amount, numerator, denominator),
          ),
      ),
      { numRuns: 2000 },
    );
  });
});

describe('formatMoney', () => {
  it('writes minor units as major units with the currency', () => {
    expect(formatMoney(30000, 'CNY')).toBe('CNY 300.00');
    expect(formatMoney(5, 'CNY')).toBe('CNY 0.05');
    expect(formatMoney(300, 'JPY')).toBe('JPY 300');
  });
});
