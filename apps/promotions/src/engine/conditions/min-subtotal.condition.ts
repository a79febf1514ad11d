import { z } from 'zod';
import { formatMoney } from '../money';
import {
  describeScopedLines,
  positiveAmountArg,
  scopeArgs,
  scopedLines,
  sumAmounts,
  type PromotionCondition,
} from '../promotion-rule';

const args = z.strictObject({ amount: positiveAmountArg, ...scopeArgs });

/** The running subtotal (after the promotions before this one) of the scoped lines reaches an amount. */
export const minSubtotalCondition: PromotionCondition<z.infer<typeof args>> = {
  code: 'min-subtotal',
  description: 'The running subtotal of the scoped lines is at least `amount`.',
  args,
  check(context, { amount, ...scope }) {
    const lines = scopedLines(context, scope);
    const subtotal = sumAmounts(lines);
    const currency = context.cart.currency;
    const text = `running subtotal of ${describeScopedLines(lines, scope)} is ${formatMoney(subtotal, currency)}`;
    return subtotal >= amount
      ? { ok: true, explanation: `${text}, at least ${formatMoney(amount, currency)}` }
      : {
          ok: false,
          reason: 'below-threshold',
          explanation: `${text}, below ${formatMoney(amount, currency)}`,
        };
  },
};
