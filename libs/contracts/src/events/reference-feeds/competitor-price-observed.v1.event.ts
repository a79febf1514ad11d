import { z } from 'zod';
import { moneySchema } from '../../shared/money.schema';
import {
  idSchema,
  labelSchema,
  skuSchema,
  timestampSchema,
  urlSchema,
} from '../../shared/primitives.schema';
import { defineEvent } from '../event-definition';

export const competitorPriceObservedV1 = defineEvent({
  type: 'competitor.price-observed',
  version: 1,
  kind: 'reference',
  summary: "A competitor's price for a product matched to one of our SKUs.",
  payload: z.strictObject({
    sku: skuSchema,
    competitor: labelSchema,
    competitorSku: idSchema.optional(),
    price: moneySchema,
    observedAt: timestampSchema,
    url: urlSchema.max(4096).optional(),
    inStock: z.boolean().optional(),
    promotional: z.boolean().optional(),
  }),
});
