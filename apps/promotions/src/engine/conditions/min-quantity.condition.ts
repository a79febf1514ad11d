import { z } from 'zod';
import {
  describeScopedLines,
  scopeArgs,
  scopedLines,
  type PromotionCondition,
} from '../promotion-rule';

const args = z.strictObject({ quantity: z.number().int().min(1).max(100_000), ...scopeArgs });

/** The scoped lines hold at least a number of units. */
export const minQuantityCondition: PromotionCondition<z.infer<typeof args>> = {
  code: 'min-quantity',
  description: 'The scoped lines hold at least `quantity` units.',
  args,
  check(context, { quantity, ...scope }) {
    const lines = scopedLines(context, scope);
    const units = lines.reduce((sum, line) => sum + line.quantity, 0);
    const text = `${units} units in ${describeScopedLines(lines, scope)}`;
    return units >= quantity
      ? { ok: true, explanation: `${text}, at least ${quantity}` }
      : { ok: false, reason: 'below-threshold', explanation: `${text}, fewer than ${quantity}` };
  },
};
