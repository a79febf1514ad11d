import { z } from 'zod';
import { tierSchema } from '../../shared/primitives.schema';
import { defineEvent } from '../event-definition';

export const customerTierChangedV1 = defineEvent({
  type: 'customer.tier-changed',
  version: 1,
  kind: 'service',
  summary:
    'A customer moved tier: upgrades happen at once, downgrades at assessment. previousTier is absent on the first assignment.',
  payload: z.strictObject({
    previousTier: tierSchema.optional(),
    tier: tierSchema,
    reason: z.enum(['qualifying-activity', 'assessment', 'manual']),
    /** What the new tier gives, as crm is configured; services read it instead of hard-coding tiers. */
    benefits: z
      .strictObject({
        pointsMultiplierPercent: z.int().min(0),
        memberDiscount: z.boolean(),
        birthdayGift: z.boolean(),
        earlyAccess: z.boolean(),
        priorityService: z.boolean(),
      })
      .optional(),
  }),
});
