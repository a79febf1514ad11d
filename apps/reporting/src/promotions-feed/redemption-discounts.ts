import type { CountedRedemption, ReleaseRow } from './redemptions.repository';

/**
 * The discount money one release gives back, at most what is left of its redemption: its
 * amount when given in the redemption's currency; without one, all that is left when the
 * release is complete (or carries no amount at all), else nothing.
 */
export function releasedAmount(redemption: CountedRedemption, release: ReleaseRow): number {
  const remaining = Math.max(0, redemption.discount - redemption.released);
  const amount =
    release.amount !== null && release.currency === redemption.currency
      ? release.amount
      : release.complete || release.amount === null
        ? remaining
        : 0;
  return Math.min(Math.max(0, amount), remaining);
}
