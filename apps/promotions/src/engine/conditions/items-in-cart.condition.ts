import { z } from 'zod';
import {
  describeScopedLines,
  scopeArgs,
  scopedLines,
  type PromotionCondition,
} from '../promotion-rule';

const args = z
  .strictObject(scopeArgs)
  .refine((scope) => scope.skus !== undefined || scope.categories !== undefined, {
    message: 'expected skus or categories',
  });

/** The cart holds at least one of the listed SKUs or categories. */
export const itemsInCartCondition: PromotionCondition<z.infer<typeof args>> = {
  code: 'items-in-cart',
  description: 'The cart holds at least one line of the listed `skus` or `categories`.',
  args,
  check(context, scope) {
    const lines = scopedLines(context, scope);
    return lines.length > 0
      ? {
          ok: true,
          explanation: `the cart holds ${describeScopedLines(lines, scope)}`,
        }
      : {
          ok: false,
          reason: 'no-qualifying-items',
          explanation: `the cart holds ${describeScopedLines(lines, scope)}`,
        };
  },
};
