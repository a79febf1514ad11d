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

const tier = z.strictObject({ threshold: positiveAmountArg, off: positiveAmountArg });

const args = z
  .strictObject({ tiers: z.array(tier).min(1).max(20), ...scopeArgs })
  .refine(
    ({ tiers }) =>
      tiers.every((entry, index) => index === 0 || entry.threshold > tiers[index - 1]!.threshold),
    { message: 'expected tiers in rising threshold order', path: ['tiers'] },
  )
  .refine(({ tiers }) => tiers.every((entry) => entry.off <= entry.threshold), {
    message: 'expected each tier to take off no more than its threshold',
    path: ['tiers'],
  });

/** 滿減: the highest tier whose threshold the running subtotal reaches takes its amount off. */
export const spendTiersAction: PromotionAction<z.infer<typeof args>> = {
  code: 'spend-tiers',
  description:
    'Spend-threshold tiers (滿300減50, 滿600減120): the highest tier the running subtotal of the scoped lines reaches.',
  args,
  apply(context, { tiers, ...scope }) {
    const lines = scopedLines(context, scope);
    const subtotal = sumAmounts(lines);
    const currency = context.cart.currency;
    const reached = tiers.filter((entry) => subtotal >= entry.threshold).at(-1);
    if (reached === undefined)
      return {
        unmet: lines.length === 0 ? 'no-qualifying-items' : 'below-threshold',
        explanation: `running subtotal ${formatMoney(subtotal, currency)} of ${describeScopedLines(lines, scope)} reaches no tier (lowest ${formatMoney(tiers[0]!.threshold, currency)})`,
      };
    return {
      orderDiscount: { amount: reached.off, lineIds: lines.map((line) => line.lineId) },
      explanation: `running subtotal ${formatMoney(subtotal, currency)} reaches ${formatMoney(reached.threshold, currency)}: ${formatMoney(reached.off, currency)} off`,
    };
  },
};
