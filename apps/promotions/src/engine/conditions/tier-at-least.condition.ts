import { TIERS } from '@omni/contracts';
import { z } from 'zod';
import type { PromotionCondition } from '../promotion-rule';

const args = z.strictObject({ tier: z.enum(TIERS) });

/** The customer's membership tier is at least the given one (regular < silver < gold < diamond). */
export const tierAtLeastCondition: PromotionCondition<z.infer<typeof args>> = {
  code: 'tier-at-least',
  description: "The customer's tier is at least `tier` (regular, silver, gold, diamond).",
  readsCustomer: true,
  args,
  check(context, { tier }) {
    const current = context.cart.customer.tier;
    if (current === undefined)
      return {
        ok: false,
        reason: 'audience-mismatch',
        explanation: `for ${tier} members and above; the customer has no tier`,
      };
    return TIERS.indexOf(current) >= TIERS.indexOf(tier)
      ? { ok: true, explanation: `the customer is ${current}, at least ${tier}` }
      : {
          ok: false,
          reason: 'audience-mismatch',
          explanation: `for ${tier} members and above; the customer is ${current}`,
        };
  },
};
