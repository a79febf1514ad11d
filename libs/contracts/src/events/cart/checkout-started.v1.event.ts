import { z } from 'zod';
import { moneySchema } from '../../shared/money.schema';
import { idSchema } from '../../shared/primitives.schema';
import { singleCurrency } from '../../shared/single-currency.check';
import { defineEvent } from '../event-definition';
import { couponCodesSchema, orderLinesSchema } from '../orders/order-line.schema';

export const checkoutStartedV1 = defineEvent({
  type: 'checkout.started',
  version: 1,
  kind: 'channel',
  summary: 'A person started checking out a cart.',
  payload: z
    .strictObject({
      checkoutId: idSchema,
      cartId: idSchema.optional(),
      lines: orderLinesSchema.optional(),
      subtotal: moneySchema.optional(),
      coupons: couponCodesSchema.optional(),
    })
    .check(singleCurrency('subtotal')),
});
