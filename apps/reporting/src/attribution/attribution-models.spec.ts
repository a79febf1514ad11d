import fc from 'fast-check';
import { attribute, ATTRIBUTION_MODELS, modelWeights } from './attribution-models';
import { largestRemainder } from './largest-remainder';

const DAY = 86_400_000;
const orderAt = new Date('2026-03-20T12:00:00Z');
const daysBefore = (days: number) => ({ at: new Date(orderAt.getTime() - days * DAY) });
const options = { halfLifeDays: 7 };

describe('largest remainder', () => {
  it('gives the leftover unit to the largest remainder, and a tie to the earlier part', () => {
    expect(largestRemainder(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(largestRemainder(100, [0.2, 0.5, 0.3])).toEqual([20, 50, 30]);
    expect(largestRemainder(7, [1, 2])).toEqual([2, 5]);
  });

  it('refuses weights that are all zero or negative', () => {
    expect(() => largestRemainder(10, [0, 0])).toThrow(RangeError);
    expect(() => largestRemainder(10, [1, -1])).toThrow(RangeError);
    expect(() => largestRemainder(10, [])).toThrow(RangeError);
  });

  it('always adds up exactly, never gives a part beyond one unit of its quota, nor anything to a zero weight', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000_000_000 }),
        fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 30 }),
        (total, raw) => {
          const weights = raw.some((w) => w > 0) ? raw : [...raw.slice(1), 1];
          const parts = largestRemainder(total, weights);
          const sum = weights.reduce((a, b) => a + b, 0);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          parts.forEach((part, i) => {
            expect(Number.isInteger(part)).toBe(true);
            expect(part).toBeGreaterThanOrEqual(0);
            expect(Math.abs(part - (total * weights[i]) / sum)).toBeLessThan(1 + 1e-6);
            if (weights[i] === 0) expect(part).toBe(0);
          });
        },
      ),
    );
  });
});

describe('attribution models on a hand-worked four-touch path', () => {
  // Touches 10, 7, 3 and 0 days before an order of 100.01 CNY (10,001 fen).
  const path = [daysBefore(10), daysBefore(7), daysBefore(3), daysBefore(0)];
  const value = 10_001;

  it('first touch gives it all to the first', () => {
    expect(attribute('first', value, path, options)).toEqual([10_001, 0, 0, 0]);
  });

  it('last touch gives it all to the last', () => {
    expect(attribute('last', value, path, options)).toEqual([0, 0, 0, 10_001]);
  });

  it('linear gives 2,500.25 each: the one unit left goes to the earliest of the tied remainders', () => {
    expect(attribute('linear', value, path, options)).toEqual([2_501, 2_500, 2_500, 2_500]);
  });

  it('position based gives 40 / 10 / 10 / 40: 4,000.4 + 1,000.1 + 1,000.1 + 4,000.4, the unit to the first', () => {
    expect(attribute('position', value, path, options)).toEqual([4_001, 1_000, 1_000, 4_000]);
  });

  it('time decay with a 7-day half-life weighs 2^(−10/7), 2^(−1), 2^(−3/7) and 1', () => {
    // Weights 0.371499, 0.5, 0.742997, 1 (sum 2.614496): quotas 1,421.06, 1,912.61, 2,842.12,
    // 3,825.21; floors add up to 10,000 and the one unit left goes to the largest remainder (.61).
    expect(attribute('time-decay', value, path, options)).toEqual([1_421, 1_913, 2_842, 3_825]);
  });

  it('position based with two touches is 50 / 50, and one touch takes everything', () => {
    expect(attribute('position', 10_001, [daysBefore(5), daysBefore(1)], options)).toEqual([
      5_001, 5_000,
    ]);
    expect(attribute('position', 999, [daysBefore(5)], options)).toEqual([999]);
  });

  it('an order without touches gives no credits', () => {
    expect(attribute('linear', 500, [], options)).toEqual([]);
  });

  it('old touches on a short half-life still share the order: the newest weighs 1, none underflows', () => {
    // 2^(−200 / 0.1) and 2^(−150 / 0.1) from the order are both 0 in a double; relative to the
    // newest touch they are 2^(−500) and 1, so the newest takes the whole value.
    const old = [daysBefore(200), daysBefore(150)];
    expect(modelWeights('time-decay', old, { halfLifeDays: 0.1 })).toEqual([2 ** -500, 1]);
    expect(attribute('time-decay', 12_345, old, { halfLifeDays: 0.1 })).toEqual([0, 12_345]);
  });

  it('a longer half-life weighs old touches more', () => {
    const short = modelWeights('time-decay', path, { halfLifeDays: 1 });
    const long = modelWeights('time-decay', path, { halfLifeDays: 30 });
    expect(short[0] / short[3]).toBeLessThan(long[0] / long[3]);
  });
});

describe('every model', () => {
  it('credits add up exactly to the order value for any path', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ATTRIBUTION_MODELS),
        fc.integer({ min: 0, max: 100_000_000 }),
        fc.array(fc.double({ min: 0, max: 400, noNaN: true }), { minLength: 1, maxLength: 40 }),
        fc.double({ min: 0.1, max: 60, noNaN: true }),
        (model, value, ages, halfLifeDays) => {
          const path = [...ages].sort((a, b) => b - a).map(daysBefore);
          const credits = attribute(model, value, path, { halfLifeDays });
          expect(credits).toHaveLength(path.length);
          expect(credits.reduce((a, b) => a + b, 0)).toBe(value);
          expect(credits.every((c) => Number.isInteger(c) && c >= 0)).toBe(true);
        },
      ),
    );
  });
});
