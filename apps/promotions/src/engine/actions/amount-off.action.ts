import { z } from 'zod';
import { formatMoney } from '../money';
import {
  describeScopedLines,
  positiveAmountArg,
  scopeArgs,
  scopedLines,
  type PromotionAction,
} from '../promotion-rule';

const args = z.strictObject({
  amount: positiveAmountArg,
  /** `order`: once, split across the scoped lines; `unit`: off every scoped unit. */
  per: z.enum(['order', 'unit']),
  ...scopeArgs,
});

export const amountOffAction: PromotionAction<z.infer<typeof args>> = {
  code: 'amount-off',
  description: '`amount` off the scoped lines, once per order or per unit.',
  args,
  apply(context, { amount, per, ...scope }) {
    const lines = scopedLines(context, scope);
    const money = formatMoney(amount, context.cart.currency);
    if (per === 'unit')
      return {
        lineDiscounts: new Map(lines.map((line) => [line.lineId, amount * line.quantity])),
        explanation: `${money} off each unit of ${describeScopedLines(lines, scope)}`,
      };
    return {
      orderDiscount: { amount, lineIds: lines.map((line) => line.lineId) },
      explanation: `${money} off ${describeScopedLines(lines, scope)}`,
    };
  },
};
