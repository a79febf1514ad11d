import { z } from 'zod';
import { documented } from './schema-metadata';
import { describeValue } from './value-description';

const amountSchema = z
  .int({
    error: (issue) => {
      if (issue.input === undefined) return 'is required';
      if (typeof issue.input === 'number' && Number.isInteger(issue.input)) {
        return `expected an amount in minor units below 2^53, got ${issue.input}`;
      }
      return `expected an integer amount in minor units (e.g. 1999 for 19.99), got ${describeValue(issue.input)}`;
    },
  })
  .min(0, {
    error: (issue) =>
      `expected a non-negative amount in minor units (refunds are positive amounts on order.refunded), got ${describeValue(issue.input)}`,
  });

function currencyMessage(issue: { input?: unknown }): string {
  return issue.input === undefined
    ? 'is required'
    : `expected an ISO 4217 currency code in upper case, e.g. CNY, got ${describeValue(issue.input)}`;
}

/** An ISO 4217 currency code, upper case. */
export const currencySchema = z
  .string({ error: currencyMessage })
  .regex(/^[A-Z]{3}$/, { error: currencyMessage });

/** Money is an integer in minor units plus an ISO 4217 currency. Never a float. */
export const moneySchema = documented(
  z.strictObject({ amount: amountSchema, currency: currencySchema }),
  {
    id: 'Money',
    description:
      'An amount in integer minor units (fen for CNY: 1999 = ¥19.99) and its ISO 4217 currency.',
    examples: [{ amount: 1999, currency: 'CNY' }],
  },
);

export type Money = z.output<typeof moneySchema>;
