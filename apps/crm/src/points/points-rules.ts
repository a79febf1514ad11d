import type { Money } from '@omni/contracts';

export type ClawbackPolicy = 'negative-balance' | 'capped';

export type PointsPolicy = {
  /** Points per whole unit of the order's currency, before the tier multiplier. */
  perCurrencyUnit: number;
  /** A lot expires at the end of the month this many months after it was earned. */
  expiryMonths: number;
  reviewPoints: number;
  /** What a refund does when the order's points were already spent. */
  clawback: ClawbackPolicy;
};

const fractionDigits = new Map<string, number>();

/** ISO 4217 minor-unit digits (CNY 2, JPY 0), from the runtime's currency data. */
function minorDigits(currency: string): number {
  let digits = fractionDigits.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits as number;
    fractionDigits.set(currency, digits);
  }
  return digits;
}

/** Base points of a paid amount: whole currency units × rate, rounded down once. */
export function basePoints(amount: Money, perCurrencyUnit: number): number {
  const unit = 10 ** minorDigits(amount.currency);
  return Math.floor((amount.amount * perCurrencyUnit) / unit);
}

/** Base points × the tier's multiplier (a percentage), rounded down. */
export function withMultiplier(points: number, multiplierPercent: number): number {
  return Math.floor((points * multiplierPercent) / 100);
}

/** Points a refund of `refunded` takes back from an order that paid `paid` and earned `earned`. */
export function refundShare(earned: number, paid: number, refunded: number): number {
  if (paid <= 0 || refunded >= paid) return earned;
  return Math.min(earned, Math.ceil((earned * refunded) / paid));
}

/** The first instant a lot earned at `earnedAt` is no longer spendable: the start of the month after the month `months` later (UTC). */
export function lotExpiry(earnedAt: Date, months: number): Date {
  return new Date(Date.UTC(earnedAt.getUTCFullYear(), earnedAt.getUTCMonth() + months + 1, 1));
}
