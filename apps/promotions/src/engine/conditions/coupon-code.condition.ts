import { z } from 'zod';
import type { PromotionCondition } from '../promotion-rule';

const args = z
  .strictObject({
    code: z.string().min(1).max(64).optional(),
    batchId: z.string().min(1).max(128).optional(),
  })
  .refine((coupon) => (coupon.code === undefined) !== (coupon.batchId === undefined), {
    message: 'expected either code (a shared code) or batchId (a batch of unique codes)',
  });

/** The cart carries a valid coupon: a shared code, or any unique code of a batch. */
export const couponCodeCondition: PromotionCondition<z.infer<typeof args>> = {
  code: 'coupon-code',
  description:
    'The cart carries the valid shared coupon `code`, or a unique code of batch `batchId`.',
  args,
  check(context, { code, batchId }) {
    const coupon = context.cart.coupons.find((candidate) =>
      code !== undefined ? candidate.code === code : candidate.batchId === batchId,
    );
    const wanted = code !== undefined ? `coupon ${code}` : `a coupon of batch ${batchId}`;
    return coupon !== undefined
      ? { ok: true, explanation: `coupon ${coupon.code} is present` }
      : { ok: false, reason: 'coupon-missing', explanation: `needs ${wanted}` };
  },
};
