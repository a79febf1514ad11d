import type { z } from 'zod';
import { describeValue } from './value-description';

type MoneyLike = { amount: unknown; currency: unknown };

// A malformed code is reported by the money schema itself; only well-formed codes are compared.
const currencyCode = /^[A-Z]{3}$/;

function isMoneyLike(value: unknown): value is MoneyLike {
  return typeof value === 'object' && value !== null && 'amount' in value && 'currency' in value;
}

type MoneyVisitor = (path: readonly PropertyKey[], money: MoneyLike) => void;

// Runs on every event ingest accepts: one path stack, copied only where a visitor keeps it.
function visitMoney(value: unknown, path: PropertyKey[], visit: MoneyVisitor): void {
  if (isMoneyLike(value)) {
    visit(path, value);
  } else if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      path.push(index);
      visitMoney(value[index], path, visit);
      path.pop();
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const key of Object.keys(value)) {
      path.push(key);
      visitMoney((value as Record<string, unknown>)[key], path, visit);
      path.pop();
    }
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
    visitMoney(payload.value, [], (path, money) => {
      if (money.currency === expected || typeof money.currency !== 'string') return;
      if (!currencyCode.test(money.currency)) return;
      payload.issues.push({
        code: 'custom',
        path: [...path, 'currency'],
        input: money.currency,
        message: `expected ${expected}, the currency of ${reference}: one event uses one currency, got ${describeValue(money.currency)}`,
      });
    });
  };
}
