import { z } from 'zod';
import { idSchema } from '../../shared/primitives.schema';
import { defineEvent } from '../event-definition';

export const redemptionReleasedV1 = defineEvent({
  type: 'redemption.released',
  version: 1,
  kind: 'service',
  summary: 'A redemption was given back because its order was cancelled or refunded.',
  payload: z.strictObject({
    redemptionId: idSchema,
    orderId: idSchema,
    campaignId: idSchema,
    couponCode: idSchema.optional(),
    reason: z.enum(['order-cancelled', 'order-refunded']),
  }),
});
