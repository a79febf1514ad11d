import { z } from 'zod';
import { idSchema } from '../../shared/primitives.schema';
import { defineEvent } from '../event-definition';

export const serviceContactedV1 = defineEvent({
  type: 'service.contacted',
  version: 1,
  kind: 'channel',
  summary: 'A person contacted customer service.',
  payload: z.strictObject({
    contactId: idSchema,
    medium: z.enum(['phone', 'chat', 'email', 'in-store', 'social']).optional(),
    reason: z
      .enum([
        'pre-sale',
        'order-status',
        'delivery',
        'return',
        'refund',
        'complaint',
        'product-question',
        'membership',
        'other',
      ])
      .optional(),
    orderId: idSchema.optional(),
    agentId: idSchema.optional(),
    resolved: z.boolean().optional(),
    satisfaction: z.int().min(1).max(5).optional(),
  }),
});
