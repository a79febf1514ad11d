import { z } from 'zod';
import { moneySchema } from '../../shared/money.schema';
import { idSchema, quantitySchema, skuSchema } from '../../shared/primitives.schema';
import { defineEvent } from '../event-definition';

export const orderRefundedV1 = defineEvent({
  type: 'order.refunded',
  version: 1,
  kind: 'channel',
  summary:
    'Money was returned for an order, in full or in part. amount is the positive sum refunded.',
  payload: z.strictObject({
    orderId: idSchema,
    refundId: idSchema.optional(),
    amount: moneySchema,
    // 仅退款 (refund only) vs 退货退款 (return and refund), as marketplaces distinguish them.
    refundType: z.enum(['refund-only', 'return-and-refund']).optional(),
    lines: z
      .array(z.strictObject({ sku: skuSchema, quantity: quantitySchema }))
      .min(1)
      .optional(),
    reason: z.string().min(1).max(500).optional(),
  }),
});
