import { z } from 'zod';
import { formatMoney } from '../money';
import {
  amountArg,
  describeScopedLines,
  scopeArgs,
  scopedLines,
  type PromotionAction,
} from '../promotion-rule';

const args = z.strictObject({ unitPrice: amountArg, ...scopeArgs });

/** Sells the scoped units at a fixed unit price; lines already at or below it are left alone. */
export const fixedPriceAction: PromotionAction<z.infer<typeof args>> = {
  code: 'fixed-price',
  description: 'Each scoped unit costs `unitPrice` (a line already cheaper keeps its price).',
  args,
  apply(context, { unitPrice, ...scope }) {
    const lines = scopedLines(context, scope);
    return {
      lineDiscounts: new Map(
        lines.map((line) => [line.lineId, Math.max(0, line.amount - unitPrice * line.quantity)]),
      ),
      explanation: `${describeScopedLines(lines, scope)} at ${formatMoney(unitPrice, context.cart.currency)} a unit`,
    };
  },
};
