import { z } from 'zod';
import { idSchema, quantitySchema, skuSchema } from '../../shared/primitives.schema';
import { defineEvent } from '../event-definition';

export const cartItemRemovedV1 = defineEvent({
  type: 'cart.item-removed',
  version: 1,
  kind: 'channel',
  summary: 'A person removed units of a SKU from a cart.',
  payload: z.strictObject({
    cartId: idSchema,
    sku: skuSchema,
    quantity: quantitySchema,
  }),
});
