import {
  csatScore,
  decide,
  healthIndex,
  relativeScore,
  roiOf,
  weightProblem,
} from './channel-rules';

const seeds = { admitShare: 0.15, expandFactor: 1.3, exitShare: 0.5, exitPeriods: 3 };

describe('ROI', () => {
  it('is (gross margin − spend) / spend, and undefined without spend', () => {
    expect(roiOf({ revenue: 100_000, grossMargin: 40_000, spend: 20_000 })).toBe(1);
    expect(roiOf({ revenue: 100_000, grossMargin: 40_000, spend: 0 })).toBeNull();
  });
});

describe('channel decisions at their boundaries (existing average ROI 1.0, target 1.0)', () => {
  const verdict = (history: (number | null)[]) =>
    decide('douyin', history, 1, 1, seeds).recommendation;

  it('admits at exactly 15% of the average, holds just below', () => {
    expect(verdict([0.15])).toBe('admit');
    expect(verdict([0.1499])).toBe('hold');
  });

  it('expands at exactly 30% above the average, admits just below', () => {
    expect(verdict([1.3])).toBe('expand');
    expect(verdict([1.2999])).toBe('admit');
  });

  it('exits after 3 consecutive periods below 50% of target, not after 2', () => {
    expect(verdict([0.49, 0.49, 0.49])).toBe('exit');
    expect(verdict([0.9, 0.49, 0.49])).not.toBe('exit');
    expect(decide('douyin', [0.49, 0.49], 1, 1, seeds).periodsBelowTarget).toBe(2);
  });

  it('exactly 50% of target is not below it; one good period resets the count', () => {
    expect(verdict([0.5, 0.5, 0.5])).not.toBe('exit');
    expect(verdict([0.1, 0.1, 0.6, 0.1, 0.1])).not.toBe('exit');
  });

  it('uses the channel’s own target: with target 2.0, an ROI of 0.99 for 3 periods exits', () => {
    expect(decide('jd', [0.99, 0.99, 0.99], 1, 2, seeds).recommendation).toBe('exit');
    expect(decide('jd', [0.99, 0.99, 0.99], 1, 1.9, seeds).recommendation).not.toBe('exit');
  });

  it('without spend or without a positive average there is no admit or expand', () => {
    expect(verdict([null])).toBe('insufficient-data');
    expect(decide('douyin', [2], -0.5, 1, seeds).recommendation).toBe('insufficient-data');
    expect(decide('douyin', [2], null, 1, seeds).recommendation).toBe('insufficient-data');
  });
});

describe('health index', () => {
  const weights = {
    sales: 0.3,
    salesShare: 0.1,
    customers: 0.2,
    grossMargin: 0.2,
    csat: 0.1,
    partnerRelations: 0.1,
  };

  it('refuses a weight above 40% and weights that do not add up to 1', () => {
    expect(weightProblem(weights)).toBeUndefined();
    expect(weightProblem({ sales: 0.41, customers: 0.59 })).toMatch(/0.4/);
    expect(weightProblem({ sales: 0.4, customers: 0.4 })).toMatch(/add up to 1/);
  });

  it('is the weighted mean of the scores, unknown scores leaving their weight to the others', () => {
    const all = {
      sales: 100,
      salesShare: 50,
      customers: 80,
      grossMargin: 60,
      csat: 75,
      partnerRelations: 40,
    };
    // 0.3×100 + 0.1×50 + 0.2×80 + 0.2×60 + 0.1×75 + 0.1×40 = 74.5
    expect(healthIndex(all, weights)).toBeCloseTo(74.5, 10);
    // Without CSAT: (74.5 − 7.5) / 0.9
    expect(healthIndex({ ...all, csat: null }, weights)).toBeCloseTo(67 / 0.9, 10);
    expect(healthIndex({}, weights)).toBeNull();
  });

  it('scores relative to the best channel and CSAT (share of 4–5 answers) as 0–100', () => {
    expect(relativeScore(50, 200)).toBe(25);
    expect(relativeScore(5, 0)).toBe(0);
    expect(csatScore(0.75)).toBe(75);
    expect(csatScore(0)).toBe(0);
  });
});
