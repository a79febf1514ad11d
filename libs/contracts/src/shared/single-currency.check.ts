import type { z } from 'zod';
import { describeValue } from './value-description';

type MoneyLike = { amount: unknown; currency: unknown };

// A malformed code is reported by the money schema itself; only well-formed codes are compared.
const currencyCode = /^[A-Z]{3}$/;

function isMoneyLike(value: unknown): value is MoneyLike {
  return typeof value === 'object' && value !== null && 'amount' in value && 'currency' in value;
}

function* moneyIn(value: unknown, path: PropertyKey[]): Generator<[PropertyKey[], MoneyLike]> {
  if (isMoneyLike(value)) {
    yield [path, value];
  } else if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++)
      yield* moneyIn(value[index], [...path, index]);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) yield* moneyIn(item, [...path, key]);
  }
}

/**
 * A payload check: every amount in the payload is in the currency of its `reference` field
 * (a Money or a currency code). A mixed-currency order is a connector bug that would
 * otherwise silently corrupt GMV.
 */
export function singleCurrency(reference: string) {
  return (payload: z.core.ParsePayload<Record<string, unknown>>): void => {
    const anchor = payload.value[reference];
    const expected =
      typeof anchor === 'string' ? anchor : isMoneyLike(anchor) ? anchor.currency : undefined;
    if (typeof expected !== 'string' || !currencyCode.test(expected)) return;
    for (const [path, money] of moneyIn(payload.value, [])) {
      if (money.currency === expected || typeof money.currency !== 'string') continue;
      if (!currencyCode.test(money.currency)) continue;
      payload.issues.push({
        code: 'custom',
        path: [...path, 'currency'],
        input: money.currency,
        message: `expected ${expected}, the currency of ${reference}: one event uses one currency, got ${describeValue(money.currency)}`,
      });
    }
  };
}
