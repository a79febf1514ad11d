import { z } from 'zod';
import type { PromotionCondition } from '../promotion-rule';

const args = z.strictObject({});

/** The customer is known and has never ordered. */
export const firstOrderCondition: PromotionCondition<z.infer<typeof args>> = {
  code: 'first-order',
  description: "The cart is a known customer's first order.",
  readsCustomer: true,
  args,
  check(context) {
    return context.cart.customer.firstOrder
      ? { ok: true, explanation: "this is the customer's first order" }
      : {
          ok: false,
          reason: 'audience-mismatch',
          explanation:
            'for first orders; the customer is not known to be ordering for the first time',
        };
  },
};
