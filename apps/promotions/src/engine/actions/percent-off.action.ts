import { z } from 'zod';
import { formatMoney, mulDivRound } from '../money';
import {
  describeScopedLines,
  percentText,
  scopeArgs,
  scopedLines,
  sumAmounts,
  type PromotionAction,
} from '../promotion-rule';

const args = z.strictObject({
  /** 1000 = 10% off. */
  basisPoints: z.number().int().min(1).max(10_000),
  /** `lines`: each line rounded on its own; `order`: one rounded amount split across the lines. */
  target: z.enum(['lines', 'order']),
  ...scopeArgs,
});

export const percentOffAction: PromotionAction<z.infer<typeof args>> = {
  code: 'percent-off',
  description:
    '`basisPoints` (1000 = 10%) off the scoped lines, each line or the order as a whole.',
  args,
  apply(context, { basisPoints, target, ...scope }) {
    const lines = scopedLines(context, scope);
    const what = `${percentText(basisPoints)} off ${describeScopedLines(lines, scope)}`;
    if (target === 'lines')
      return {
        lineDiscounts: new Map(
          lines.map((line) => [line.lineId, mulDivRound(line.amount, basisPoints, 10_000)]),
        ),
        explanation: `${what}, each line rounded on its own`,
      };
    const base = sumAmounts(lines);
    const amount = mulDivRound(base, basisPoints, 10_000);
    return {
      orderDiscount: { amount, lineIds: lines.map((line) => line.lineId) },
      explanation: `${what}: ${formatMoney(amount, context.cart.currency)} of ${formatMoney(base, context.cart.currency)}`,
    };
  },
};
