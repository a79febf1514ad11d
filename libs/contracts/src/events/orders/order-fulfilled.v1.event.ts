import { z } from 'zod';
import { idSchema, labelSchema, quantitySchema, skuSchema } from '../../shared/primitives.schema';
import { defineEvent } from '../event-definition';

const payload = z
  .strictObject({
    orderId: idSchema,
    mode: z.enum(['ship', 'pickup']),
    // The store a pickup happened at; for shipped orders, the store that shipped, if any.
    storeId: idSchema.optional(),
    fulfillmentId: idSchema.optional(),
    carrier: labelSchema.optional(),
    trackingNumber: idSchema.optional(),
    lines: z
      .array(z.strictObject({ sku: skuSchema, quantity: quantitySchema }))
      .min(1)
      .max(500)
      .optional(),
  })
  .check((ctx) => {
    if (ctx.value.mode === 'pickup' && ctx.value.storeId === undefined) {
      ctx.issues.push({
        code: 'custom',
        path: ['storeId'],
        input: ctx.value,
        message: 'is required when mode is pickup: name the store the order was picked up at',
      });
    }
  });

export const orderFulfilledV1 = defineEvent({
  type: 'order.fulfilled',
  version: 1,
  kind: 'channel',
  summary:
    'An order, or the listed lines of it, was shipped or picked up in a store (buy online, pick up in store).',
  payload,
});
