import { z } from 'zod';
import { idSchema } from '../../shared/primitives.schema';
import { defineEvent } from '../event-definition';

export const orderCancelledV1 = defineEvent({
  type: 'order.cancelled',
  version: 1,
  kind: 'channel',
  summary: 'An order was cancelled before fulfilment.',
  payload: z.strictObject({
    orderId: idSchema,
    cancelledBy: z.enum(['customer', 'merchant', 'platform', 'system']).optional(),
    reason: z.string().min(1).max(500).optional(),
  }),
});
