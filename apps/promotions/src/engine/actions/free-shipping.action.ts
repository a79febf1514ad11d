import { z } from 'zod';
import { formatMoney } from '../money';
import { amountArg, type PromotionAction } from '../promotion-rule';

const args = z.strictObject({ maxAmount: amountArg.optional() });

/** Takes the shipping charge off, up to `maxAmount` when set. */
export const freeShippingAction: PromotionAction<z.infer<typeof args>> = {
  code: 'free-shipping',
  description: 'Shipping is free (at most `maxAmount` off when set).',
  args,
  apply(context, { maxAmount }) {
    const off = Math.min(context.shipping, maxAmount ?? context.shipping);
    return {
      shippingDiscount: off,
      explanation: `free shipping: ${formatMoney(off, context.cart.currency)} off shipping`,
    };
  },
};
