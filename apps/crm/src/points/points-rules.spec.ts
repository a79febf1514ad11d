import { basePoints, lotExpiry, refundShare, withMultiplier } from './points-rules';

describe('points rules', () => {
  it('earns per whole currency unit, rounded down once, in the currency’s own minor units', () => {
    expect(basePoints({ amount: 151_099, currency: 'CNY' }, 1)).toBe(1_510);
    expect(basePoints({ amount: 1_510, currency: 'JPY' }, 1)).toBe(1_510);
    expect(basePoints({ amount: 99, currency: 'CNY' }, 1)).toBe(0);
    expect(basePoints({ amount: 10_050, currency: 'CNY' }, 2)).toBe(201);
  });

  it('applies a tier multiplier as a percentage, rounded down', () => {
    expect(withMultiplier(1_001, 125)).toBe(1_251);
    expect(withMultiplier(1_001, 100)).toBe(1_001);
  });

  it('a lot expires at the end of the month 12 months after it was earned (the next month’s first instant, UTC)', () => {
    expect(lotExpiry(new Date('2025-06-18T20:31:52+08:00'), 12).toISOString()).toBe(
      '2026-07-01T00:00:00.000Z',
    );
    expect(lotExpiry(new Date('2025-12-31T23:59:59Z'), 12).toISOString()).toBe(
      '2027-01-01T00:00:00.000Z',
    );
    expect(lotExpiry(new Date('2026-01-31T10:00:00Z'), 1).toISOString()).toBe(
      '2026-03-01T00:00:00.000Z',
    );
  });

  it('a refund takes back its share of the order’s points, rounded up, and all of them when the whole order is refunded', () => {
    expect(refundShare(1_000, 100_000, 25_000)).toBe(250);
    expect(refundShare(1_000, 100_000, 1)).toBe(1);
    expect(refundShare(1_000, 100_000, 100_000)).toBe(1_000);
    expect(refundShare(1_000, 100_000, 150_000)).toBe(1_000);
  });
});
