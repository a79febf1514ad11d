import { z } from 'zod';
import { moneySchema } from '../../shared/money.schema';
import { idSchema } from '../../shared/primitives.schema';
import { defineEvent } from '../event-definition';

export const redemptionReleasedV1 = defineEvent({
  type: 'redemption.released',
  version: 1,
  kind: 'service',
  summary:
    'A redemption was given back, in whole because its order was cancelled or fully refunded, or in part by a partial refund.',
  payload: z.strictObject({
    redemptionId: idSchema,
    orderId: idSchema,
    campaignId: idSchema,
    couponCode: idSchema.optional(),
    reason: z.enum(['order-cancelled', 'order-refunded']),
    /** The discount money this release returned to the campaign budget. */
    amount: moneySchema.optional(),
    /** True when the redemption is now fully released: its coupon use and count came back too. */
    complete: z.boolean().optional(),
  }),
});
