import { z } from 'zod';
import { moneySchema } from '../../shared/money.schema';
import { idSchema } from '../../shared/primitives.schema';
import { singleCurrency } from '../../shared/single-currency.check';
import { defineEvent } from '../event-definition';
import { couponCodesSchema, orderLinesSchema } from './order-line.schema';
import { paymentMethodSchema } from './payment-method.schema';

export const orderPlacedV1 = defineEvent({
  type: 'order.placed',
  version: 1,
  kind: 'channel',
  summary:
    'A person placed an order. total is what the customer pays, after discounts and with shipping.',
  payload: z
    .strictObject({
      orderId: idSchema,
      lines: orderLinesSchema,
      subtotal: moneySchema.optional(),
      discount: moneySchema.optional(),
      shipping: moneySchema.optional(),
      total: moneySchema,
      coupons: couponCodesSchema.optional(),
      storeId: idSchema.optional(),
      paymentMethod: paymentMethodSchema.optional(),
    })
    .check(singleCurrency('total')),
});
