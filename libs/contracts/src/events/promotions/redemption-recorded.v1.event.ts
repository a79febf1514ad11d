import { z } from 'zod';
import { moneySchema } from '../../shared/money.schema';
import { idSchema } from '../../shared/primitives.schema';
import { defineEvent } from '../event-definition';

export const redemptionRecordedV1 = defineEvent({
  type: 'redemption.recorded',
  version: 1,
  kind: 'service',
  summary: 'A promotion or coupon was redeemed on an order.',
  payload: z.strictObject({
    redemptionId: idSchema,
    orderId: idSchema,
    campaignId: idSchema,
    promotionId: idSchema.optional(),
    couponCode: idSchema.optional(),
    discount: moneySchema,
    // Optional additions keep v1: the A/B variant of the offer whose coupon was redeemed.
    experiment: z.strictObject({ experimentId: idSchema, variant: idSchema }).optional(),
  }),
});
