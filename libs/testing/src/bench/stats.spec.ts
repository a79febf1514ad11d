import { median, medianMetrics, percentile, round, timedRuns } from './stats';

describe('median', () => {
  it('takes the middle value of an odd count whatever the input order', () => {
    expect(median([9, 1, 5])).toBe(5);
  });

  it('averages the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('is NaN for no values rather than a made-up zero', () => {
    expect(median([])).toBeNaN();
  });

  it('does not reorder the caller’s array', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('percentile', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);

  it('uses the nearest rank, so p50 and p99 of 1..100 are 50 and 99', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
  });

  it('returns a value that was actually observed', () => {
    expect(percentile([10, 20], 95)).toBe(20);
    expect(percentile([10, 20], 50)).toBe(10);
    expect(percentile([7], 1)).toBe(7);
  });

  it('rejects a percentile outside (0, 100]', () => {
    expect(() => percentile([1], 0)).toThrow('percentile must be in (0, 100], got 0');
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  it('is NaN for no values', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('medianMetrics', () => {
  it('takes the median of each metric across runs and skips runs that lack it', () => {
    expect(medianMetrics([{ rate: 10, p99: 5 }, { rate: 30 }, { rate: 20, p99: 7 }])).toEqual({
      rate: 20,
      p99: 6,
    });
  });

  it('ignores non-finite values so one failed sample does not poison the median', () => {
    expect(medianMetrics([{ p50: Number.NaN }, { p50: 4 }])).toEqual({ p50: 4 });
  });
});

describe('round', () => {
  it('rounds to the given decimals', () => {
    expect(round(1.26, 1)).toBe(1.3);
    expect(round(1234.5, 0)).toBe(1235);
  });
});

describe('timedRuns', () => {
  it('runs one after another, as often as asked, and keeps the last answer', async () => {
    let running = 0;
    let calls = 0;
    const timing = await timedRuns(5, async () => {
      running++;
      expect(running).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 1));
      running--;
      return ++calls;
    });
    expect(calls).toBe(5);
    expect(timing.answer).toBe(5);
    expect(timing.p50).toBeGreaterThanOrEqual(1);
    expect(timing.p95).toBeGreaterThanOrEqual(timing.p50);
  });

  it('refuses a count that is not a whole number of at least 1', async () => {
    await expect(timedRuns(0, async () => 1)).rejects.toThrow(RangeError);
    await expect(timedRuns(1.5, async () => 1)).rejects.toThrow(RangeError);
  });
});
