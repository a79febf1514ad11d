import { breaches, differenceBasisPoints } from './consistency';

describe('cross-channel consistency', () => {
  it('measures the difference over the lower price', () => {
    expect(differenceBasisPoints(68_400, 76_000)).toBe(1_111);
    expect(differenceBasisPoints(76_000, 68_400)).toBe(1_111);
    expect(differenceBasisPoints(100, 100)).toBe(0);
  });

  it('breaches only beyond the tolerance, exactly at it not', () => {
    expect(breaches(10_500, 10_000, 500)).toBe(false);
    expect(breaches(10_501, 10_000, 500)).toBe(true);
    expect(breaches(10_000, 10_501, 500)).toBe(true);
    expect(breaches(0, 1, 500)).toBe(true);
    expect(breaches(0, 0, 0)).toBe(false);
  });
});
