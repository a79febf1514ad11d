import { z } from 'zod';
import { idSchema, labelSchema, timestampSchema } from '../../shared/primitives.schema';
import { defineEvent } from '../event-definition';

export const journeyTriggeredV1 = defineEvent({
  type: 'journey.triggered',
  version: 1,
  kind: 'service',
  summary: 'A durable journey timer fired for a customer, e.g. a repurchase reminder.',
  payload: z.strictObject({
    journeyId: idSchema,
    trigger: z.enum(['repurchase-reminder', 'cart-abandonment', 'win-back', 'birthday']),
    step: labelSchema.optional(),
    dueAt: timestampSchema,
    orderId: idSchema.optional(),
  }),
});
