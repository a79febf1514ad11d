import { z } from 'zod';
import { moneySchema } from '../../shared/money.schema';
import { idSchema } from '../../shared/primitives.schema';
import { defineEvent } from '../event-definition';
import { paymentMethodSchema } from './payment-method.schema';

export const orderPaidV1 = defineEvent({
  type: 'order.paid',
  version: 1,
  kind: 'channel',
  summary: 'Payment for an order was captured.',
  payload: z.strictObject({
    orderId: idSchema,
    amount: moneySchema,
    paymentMethod: paymentMethodSchema.optional(),
    paymentId: idSchema.optional(),
  }),
});
