import { z } from 'zod';
import { idSchema, timestampSchema } from '../../shared/primitives.schema';
import { defineEvent } from '../event-definition';

export const offerIssuedV1 = defineEvent({
  type: 'offer.issued',
  version: 1,
  kind: 'service',
  summary: 'A targeted offer was issued to a customer.',
  payload: z.strictObject({
    offerId: idSchema,
    campaignId: idSchema,
    reason: z.enum(['cart-abandonment', 'win-back', 'member', 'segment', 'birthday']),
    couponCode: idSchema.optional(),
    validFrom: timestampSchema,
    validTo: timestampSchema.optional(),
    // Optional additions keep v1: the A/B variant the customer was assigned, by stable hash.
    experiment: z.strictObject({ experimentId: idSchema, variant: idSchema }).optional(),
  }),
});
