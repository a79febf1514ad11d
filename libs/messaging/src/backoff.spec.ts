import { backoffDelayMs } from './backoff';

const policy = { initialBackoffMs: 100, maxBackoffMs: 1_000 };

describe('backoffDelayMs', () => {
  it('doubles the delay with each attempt up to the maximum', () => {
    const noJitter = () => 1;
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffDelayMs(a, policy, noJitter))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
  });

  it('jitter keeps each delay between half and all of its ceiling', () => {
    expect(backoffDelayMs(3, policy, () => 0)).toBe(200);
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(300);
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelayMs(4, policy);
      expect(delay).toBeGreaterThanOrEqual(400);
      expect(delay).toBeLessThanOrEqual(800);
    }
  });

  it('never overflows for very large attempt numbers', () => {
    expect(backoffDelayMs(10_000, policy, () => 1)).toBe(1000);
    expect(backoffDelayMs(0, policy, () => 1)).toBe(100);
  });

  it('a zero policy retries immediately', () => {
    expect(backoffDelayMs(5, { initialBackoffMs: 0, maxBackoffMs: 0 })).toBe(0);
  });
});
