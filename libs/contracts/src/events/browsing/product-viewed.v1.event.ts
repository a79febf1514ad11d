import { z } from 'zod';
import { moneySchema } from '../../shared/money.schema';
import { idSchema, labelSchema, skuSchema } from '../../shared/primitives.schema';
import { defineEvent } from '../event-definition';

export const productViewedV1 = defineEvent({
  type: 'product.viewed',
  version: 1,
  kind: 'channel',
  summary: 'A person viewed a product detail page.',
  payload: z.strictObject({
    sku: skuSchema,
    productId: idSchema.optional(),
    name: labelSchema.optional(),
    category: labelSchema.optional(),
    brand: labelSchema.optional(),
    price: moneySchema.optional(),
    listName: labelSchema.optional(),
    position: z.int().min(1).optional(),
  }),
});
