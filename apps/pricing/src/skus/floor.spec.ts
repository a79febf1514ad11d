import fc from 'fast-check';
import { floorOf, marginDecimal, marginPpm, MARGIN_SCALE } from './floor';

describe('the floor is cost / (1 − minMargin), rounded up to the minor unit', () => {
  it('keeps a 35% margin on a ¥185.00 cost at ¥284.62 (28461.53… rounded up)', () => {
    expect(floorOf(18_500, marginPpm('0.35')!)).toBe(28_462);
  });

  it('is the cost itself without a margin, and exact where the division is', () => {
    expect(floorOf(18_500, 0)).toBe(18_500);
    expect(floorOf(10_000, marginPpm(0.5)!)).toBe(20_000);
  });

  it('does not drift where floats would: a 0.9 margin on 1 fen is exactly 10 fen', () => {
    // 1 / (1 - 0.9) is 10.000000000000002 in floating point, which Math.ceil makes 11.
    expect(Math.ceil(1 / (1 - 0.9))).toBe(11);
    expect(floorOf(1, marginPpm(0.9)!)).toBe(10);
    expect(floorOf(2, marginPpm(0.9)!)).toBe(20);
  });

  it('stays exact for costs far above 2^32 minor units', () => {
    expect(floorOf(9_007_199_254, marginPpm('0.999999')!)).toBe(9_007_199_254_000_000);
  });

  it('reads margins from 0 up to 1 with at most six decimals, and refuses the rest', () => {
    expect(marginPpm('0.35')).toBe(350_000);
    expect(marginPpm(0)).toBe(0);
    expect(marginPpm('0.000001')).toBe(1);
    for (const bad of ['1', '1.0', '-0.1', '0.1234567', 'abc', '', '.5', 1e-7]) {
      expect(marginPpm(bad)).toBeUndefined();
    }
  });

  it('prints a margin back as the decimal it was given in', () => {
    expect(marginDecimal(350_000)).toBe('0.35');
    expect(marginDecimal(0)).toBe('0');
    expect(marginDecimal(1)).toBe('0.000001');
  });

  it('is the least price whose margin on the selling price is at least minMargin', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: MARGIN_SCALE - 1 }),
        (cost, ppm) => {
          const floor = floorOf(cost, ppm);
          const keeps = (price: number) =>
            BigInt(price - cost) * BigInt(MARGIN_SCALE) >= BigInt(ppm) * BigInt(price);
          return keeps(floor) && (floor === 0 || !keeps(floor - 1));
        },
      ),
    );
  });
});
