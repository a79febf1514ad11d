import { z } from 'zod';
import { countSchema, idSchema, skuSchema, textSchema } from '../../shared/primitives.schema';
import { defineEvent } from '../event-definition';

export const reviewSubmittedV1 = defineEvent({
  type: 'review.submitted',
  version: 1,
  kind: 'channel',
  summary: 'A person reviewed a product or an order.',
  payload: z.strictObject({
    reviewId: idSchema,
    rating: z.int().min(1).max(5),
    sku: skuSchema.optional(),
    orderId: idSchema.optional(),
    title: z.string().min(1).max(200).optional(),
    body: textSchema.optional(),
    photoCount: countSchema.optional(),
  }),
});
