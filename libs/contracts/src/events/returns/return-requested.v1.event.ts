import { z } from 'zod';
import { moneySchema } from '../../shared/money.schema';
import { idSchema, quantitySchema, skuSchema } from '../../shared/primitives.schema';
import { defineEvent } from '../event-definition';

export const returnRequestedV1 = defineEvent({
  type: 'return.requested',
  version: 1,
  kind: 'channel',
  summary:
    'A person asked to return an order or some of its lines; the refund, if any, follows as order.refunded.',
  payload: z.strictObject({
    orderId: idSchema,
    returnId: idSchema.optional(),
    lines: z
      .array(z.strictObject({ sku: skuSchema, quantity: quantitySchema }))
      .min(1)
      .max(500)
      .optional(),
    reason: z
      .enum(['damaged', 'wrong-item', 'not-as-described', 'changed-mind', 'size-fit', 'other'])
      .optional(),
    comment: z.string().min(1).max(500).optional(),
    // Where the goods come back: a store for an in-store return, otherwise by post.
    storeId: idSchema.optional(),
    requestedAmount: moneySchema.optional(),
  }),
});
