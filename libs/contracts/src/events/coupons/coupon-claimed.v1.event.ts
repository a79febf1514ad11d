import { z } from 'zod';
import { moneySchema } from '../../shared/money.schema';
import { idSchema, timestampSchema } from '../../shared/primitives.schema';
import { singleCurrency } from '../../shared/single-currency.check';
import { defineEvent } from '../event-definition';

export const couponClaimedV1 = defineEvent({
  type: 'coupon.claimed',
  version: 1,
  kind: 'channel',
  summary:
    'A person claimed a coupon, e.g. a store coupon 满300减50 (threshold 30000, discount 5000 fen).',
  payload: z
    .strictObject({
      couponId: idSchema,
      code: idSchema.optional(),
      campaignId: idSchema.optional(),
      discount: moneySchema.optional(),
      percentOff: z.int().min(1).max(99).optional(),
      threshold: moneySchema.optional(),
      validUntil: timestampSchema.optional(),
    })
    .check(singleCurrency('threshold')),
});
