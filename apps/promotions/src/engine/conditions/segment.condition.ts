import { z } from 'zod';
import type { PromotionCondition } from '../promotion-rule';

const args = z.strictObject({ segments: z.array(z.string().min(1).max(200)).min(1).max(50) });

/** The customer belongs to at least one of the listed crm segments. */
export const segmentCondition: PromotionCondition<z.infer<typeof args>> = {
  code: 'segment',
  description: 'The customer is in at least one of `segments`.',
  readsCustomer: true,
  args,
  check(context, { segments }) {
    const member = segments.filter((segment) => context.cart.customer.segments.includes(segment));
    return member.length > 0
      ? { ok: true, explanation: `the customer is in ${member.join(', ')}` }
      : {
          ok: false,
          reason: 'audience-mismatch',
          explanation: `for segments ${segments.join(', ')}; the customer is in none of them`,
        };
  },
};
