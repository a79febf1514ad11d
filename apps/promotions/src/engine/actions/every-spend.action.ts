import { z } from 'zod';
import { formatMoney } from '../money';
import {
  describeScopedLines,
  positiveAmountArg,
  scopeArgs,
  scopedLines,
  sumAmounts,
  type PromotionAction,
} from '../promotion-rule';

const args = z
  .strictObject({
    every: positiveAmountArg,
    off: positiveAmountArg,
    maxTimes: z.number().int().min(1).max(10_000).optional(),
    ...scopeArgs,
  })
  .refine(({ every, off }) => off <= every, {
    message: 'expected off no larger than every',
    path: ['off'],
  });

/** 每滿減: `off` for every full `every` of the running subtotal ("every 300 off 50"). */
export const everySpendAction: PromotionAction<z.infer<typeof args>> = {
  code: 'every-spend',
  description:
    '`off` for every full `every` of the running subtotal of the scoped lines, at most `maxTimes`.',
  args,
  apply(context, { every, off, maxTimes, ...scope }) {
    const lines = scopedLines(context, scope);
    const subtotal = sumAmounts(lines);
    const currency = context.cart.currency;
    const reached = Math.floor(subtotal / every);
    const times = Math.min(reached, maxTimes ?? reached);
    return {
      ...(times > 0
        ? { orderDiscount: { amount: times * off, lineIds: lines.map((line) => line.lineId) } }
        : {
            unmet:
              lines.length === 0 ? ('no-qualifying-items' as const) : ('below-threshold' as const),
          }),
      explanation: `running subtotal ${formatMoney(subtotal, currency)} of ${describeScopedLines(lines, scope)}: ${times} × ${formatMoney(off, currency)} off per ${formatMoney(every, currency)}`,
    };
  },
};
