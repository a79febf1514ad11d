import { z } from 'zod';
import { moneySchema } from '../../shared/money.schema';
import { idSchema, labelSchema, quantitySchema, skuSchema } from '../../shared/primitives.schema';
import { documented } from '../../shared/schema-metadata';

export const orderLineSchema = documented(
  z.strictObject({
    sku: skuSchema,
    name: labelSchema.optional(),
    quantity: quantitySchema,
    unitPrice: moneySchema,
    discount: moneySchema.optional(),
  }),
  {
    id: 'OrderLine',
    description:
      'One line of a cart or order: quantity × unitPrice, less the discount allocated to the whole line.',
  },
);

export type OrderLine = z.output<typeof orderLineSchema>;

export const orderLinesSchema = z.array(orderLineSchema).min(1).max(500);

export const couponCodesSchema = z.array(idSchema).max(50);
