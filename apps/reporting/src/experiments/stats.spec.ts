import {
  chiSquareUpper,
  normalCdf,
  normalQuantile,
  sampleRatioCheck,
  studentTTwoSided,
  twoProportionTest,
  welchTest,
} from './stats';

// Reference figures were worked independently: erfc for the normal and chi-square (df 1) tails,
// and a numerical integral of Student's t density for Welch's test.
describe('distributions', () => {
  it('the normal CDF and its quantile agree with tables', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 12);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 10);
    expect(normalCdf(-1)).toBeCloseTo(0.158655253931457, 10);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8);
  });

  it('Student t with many degrees of freedom approaches the normal', () => {
    expect(studentTTwoSided(1.96, 1e6)).toBeCloseTo(2 * (1 - normalCdf(1.96)), 5);
    // t = 2.571 is the 97.5% point of t with 5 degrees of freedom.
    expect(studentTTwoSided(2.570581836, 5)).toBeCloseTo(0.05, 7);
  });

  it('the chi-square tail with 1 degree of freedom is erfc(√(x/2))', () => {
    expect(chiSquareUpper(3.841458820694124, 1)).toBeCloseTo(0.05, 9);
    expect(chiSquareUpper(5.991464547107979, 2)).toBeCloseTo(0.05, 9);
  });
});

describe('two-proportion z-test', () => {
  // Control 200 of 1,000 convert (20%); treatment 250 of 1,000 (25%). Pooled rate 0.225,
  // standard error √(0.225 × 0.775 × 2/1000) = 0.018675, z = 0.05 / 0.018675 = 2.6774.
  const test = twoProportionTest({ n: 1_000, x: 200 }, { n: 1_000, x: 250 }, 0.95);

  it('gives the hand-worked z and p-value', () => {
    expect(test.z).toBeCloseTo(2.677397763, 6);
    expect(test.pValue).toBeCloseTo(0.007419649, 7);
    expect(test.method).toMatch(/z-test/);
  });

  it('gives the uplift with its confidence intervals', () => {
    expect(test.difference).toBeCloseTo(0.05, 12);
    expect(test.differenceCi[0]).toBeCloseTo(0.013463, 5);
    expect(test.differenceCi[1]).toBeCloseTo(0.086537, 5);
    expect(test.relativeUplift).toBeCloseTo(0.25, 12);
    // exp(ln 1.25 ± 1.96 × √(0.8/200 + 0.75/250)) − 1
    expect(test.relativeUpliftCi![0]).toBeCloseTo(0.060946, 5);
    expect(test.relativeUpliftCi![1]).toBeCloseTo(0.472742, 5);
  });

  it('no difference is p = 1, and no conversions at all does not divide by zero', () => {
    expect(twoProportionTest({ n: 100, x: 10 }, { n: 100, x: 10 }, 0.95).pValue).toBeCloseTo(1, 12);
    const none = twoProportionTest({ n: 100, x: 0 }, { n: 100, x: 0 }, 0.95);
    expect(none.pValue).toBe(1);
    expect(none.relativeUplift).toBeNull();
    expect(none.relativeUpliftCi).toBeNull();
  });
});

describe("Welch's t-test", () => {
  // Control [1, 2, 3, 4, 5] (mean 3, variance 2.5); treatment [2, 4, 6, 8, 10] (mean 6, variance 10):
  // t = 3 / √2.5 = 1.8974, df = 6.25 / (0.0625 + 1) = 5.8824, p = 0.10753.
  it('gives the hand-worked t, degrees of freedom and p-value', () => {
    const test = welchTest({ n: 5, mean: 3, variance: 2.5 }, { n: 5, mean: 6, variance: 10 }, 0.95);
    expect(test.t).toBeCloseTo(1.897366596, 8);
    expect(test.df).toBeCloseTo(5.882352941, 8);
    expect(test.pValue).toBeCloseTo(0.107531195, 6);
    expect(test.differenceCi[0]).toBeLessThan(0);
    expect(test.differenceCi[1]).toBeGreaterThan(6);
  });

  it('two constant samples: equal means are p = 1', () => {
    expect(
      welchTest({ n: 3, mean: 0, variance: 0 }, { n: 3, mean: 0, variance: 0 }, 0.95).pValue,
    ).toBe(1);
  });
});

describe('sample-ratio mismatch', () => {
  it('1,000 against 1,200 on a 50 / 50 split is a mismatch (χ² = 18.18, p = 2.0e-5)', () => {
    const check = sampleRatioCheck([1_000, 1_200], [1, 1], 0.001);
    expect(check.chiSquare).toBeCloseTo(18.181818, 5);
    expect(check.pValue).toBeCloseTo(2.007865612e-5, 9);
    expect(check.mismatch).toBe(true);
  });

  it('1,000 against 1,100 is not (χ² = 4.76, p = 0.029 above 0.001)', () => {
    const check = sampleRatioCheck([1_000, 1_100], [1, 1], 0.001);
    expect(check.pValue).toBeCloseTo(0.029096332, 7);
    expect(check.mismatch).toBe(false);
  });

  it('checks against an uneven expected split', () => {
    expect(sampleRatioCheck([900, 100], [9, 1], 0.001).chiSquare).toBeCloseTo(0, 12);
  });
});
