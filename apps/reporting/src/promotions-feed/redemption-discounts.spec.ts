import { releasedAmount } from './redemption-discounts';
import type { CountedRedemption, ReleaseRow } from './redemptions.repository';

const redemption = (discount: number, released = 0): CountedRedemption => ({
  redemptionId: 'red-1',
  discount,
  currency: 'CNY',
  released,
  order: { channel: 'web', campaignId: '', placedAt: new Date('2026-04-02T10:00:00Z') },
});

const release = (amount: number | null, complete: boolean, currency = 'CNY'): ReleaseRow => ({
  eventKey: 'rel-1',
  redemptionId: 'red-1',
  amount,
  currency: amount === null ? null : currency,
  complete,
  occurredAt: new Date('2026-04-03T10:00:00Z'),
});

describe('releasedAmount', () => {
  it('a partial release gives back its amount', () => {
    expect(releasedAmount(redemption(3_000), release(1_000, false))).toBe(1_000);
  });

  it('never gives back more than is left, so the net discount never goes below zero', () => {
    expect(releasedAmount(redemption(3_000, 2_500), release(1_000, true))).toBe(500);
    expect(releasedAmount(redemption(3_000, 3_000), release(1_000, true))).toBe(0);
  });

  it('a release without an amount gives back all that is left', () => {
    expect(releasedAmount(redemption(3_000, 1_000), release(null, false))).toBe(2_000);
  });

  it('an amount in another currency counts only when the release is complete (all that is left)', () => {
    expect(releasedAmount(redemption(3_000), release(400, false, 'USD'))).toBe(0);
    expect(releasedAmount(redemption(3_000, 1_000), release(400, true, 'USD'))).toBe(2_000);
  });
});
