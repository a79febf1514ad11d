import { describeValue } from '@omni/contracts';

const digitsCache = new Map<string, number | undefined>();

/** Minor-unit digits of an ISO 4217 currency (CNY 2, JPY 0, KWD 3), or undefined if unknown. */
export function minorDigits(currency: string): number | undefined {
  if (!digitsCache.has(currency)) {
    let digits: number | undefined;
    try {
      const supported = Intl.supportedValuesOf('currency').includes(currency);
      digits = supported
        ? new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
            .maximumFractionDigits
        : undefined;
    } catch {
      digits = undefined;
    }
    digitsCache.set(currency, digits);
  }
  return digitsCache.get(currency);
}

export type MoneyConversion =
  { ok: true; money: { amount: number; currency: string } } | { ok: false; message: string };

/**
 * Segment sends 19.99 (major units, a float); Omni keeps 1999 fen. A value with more decimals
 * than the currency has is refused rather than silently rounded.
 */
export function toMinorUnits(value: unknown, currency: string): MoneyConversion {
  const digits = minorDigits(currency);
  if (digits === undefined)
    return {
      ok: false,
      message: `expected an ISO 4217 currency code, got ${describeValue(currency)}`,
    };
  const number =
    typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number))
    return {
      ok: false,
      message: `expected a number in major units, e.g. 19.99, got ${describeValue(value)}`,
    };
  const scaled = number * 10 ** digits;
  const amount = Math.round(scaled);
  if (Math.abs(scaled - amount) > 1e-6 * Math.max(1, Math.abs(amount))) {
    return {
      ok: false,
      message: `${number} has more decimals than ${currency} allows (${digits})`,
    };
  }
  if (!Number.isSafeInteger(amount) || amount < 0)
    return { ok: false, message: `expected a non-negative amount, got ${number}` };
  return { ok: true, money: { amount, currency } };
}
