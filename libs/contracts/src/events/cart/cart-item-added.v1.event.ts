import { z } from 'zod';
import { moneySchema } from '../../shared/money.schema';
import { idSchema, labelSchema, quantitySchema, skuSchema } from '../../shared/primitives.schema';
import { defineEvent } from '../event-definition';

export const cartItemAddedV1 = defineEvent({
  type: 'cart.item-added',
  version: 1,
  kind: 'channel',
  summary: 'A person added units of a SKU to a cart.',
  payload: z.strictObject({
    cartId: idSchema,
    sku: skuSchema,
    name: labelSchema.optional(),
    quantity: quantitySchema,
    unitPrice: moneySchema.optional(),
  }),
});
