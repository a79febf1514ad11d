import fc from 'fast-check';
import { attribute, ATTRIBUTION_MODELS } from './attribution-models';
import { PathCredits } from './path-credits';

const DAY = 86_400_000;

describe('path credits on typed arrays', () => {
  it('gives every model the credits `attribute` gives, over paths long and short, one after another', () => {
    const path = fc.record({
      value: fc.integer({ min: 0, max: 1_000_000_000_000 }),
      placedMs: fc.integer({ min: 1_700_000_000_000, max: 1_800_000_000_000 }),
      // Ties and long paths (beyond the insertion sort, and beyond the arrays' first size).
      agesMs: fc.array(fc.oneof(fc.constantFrom(0, DAY, 30 * DAY), fc.nat(365 * DAY)), {
        minLength: 1,
        maxLength: 150,
      }),
    });
    fc.assert(
      fc.property(
        fc.subarray([...ATTRIBUTION_MODELS], { minLength: 1 }),
        fc.constantFrom(0.1, 1, 7, 365),
        fc.array(path, { minLength: 1, maxLength: 5 }),
        (models, halfLifeDays, paths) => {
          const credits = new PathCredits(models, halfLifeDays);
          for (const { value, placedMs, agesMs } of paths) {
            const ats = Float64Array.from(
              [...agesMs].sort((a, b) => b - a),
              (age) => placedMs - age,
            );
            const touches = [...ats].map((ms) => ({ at: new Date(ms) }));
            const expected = (model: (typeof models)[number]) =>
              attribute(model, value, touches, { halfLifeDays });
            credits.credit(value, ats, ats.length);
            models.forEach((model, m) => {
              expect([...credits.credits[m].subarray(0, ats.length)]).toEqual(expected(model));
            });
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses a value that is not a safe integer, as `attribute` does', () => {
    const credits = new PathCredits(['first', 'linear'], 7);
    expect(() => credits.credit(0.5, new Float64Array([0]), 1)).toThrow(RangeError);
    expect(() => credits.credit(2 ** 53, new Float64Array([0]), 1)).toThrow(RangeError);
  });
});
