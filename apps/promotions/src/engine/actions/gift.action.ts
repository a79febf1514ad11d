import { z } from 'zod';
import type { PromotionAction } from '../promotion-rule';

const args = z.strictObject({
  sku: z.string().min(1).max(64),
  quantity: z.number().int().min(1).max(100),
});

/** Adds a free gift line to the cart. */
export const giftAction: PromotionAction<z.infer<typeof args>> = {
  code: 'gift',
  description: 'Adds `quantity` units of `sku` as a free gift line.',
  args,
  apply(_context, { sku, quantity }) {
    return { gifts: [{ sku, quantity }], explanation: `gift: ${quantity} × ${sku}` };
  },
};
