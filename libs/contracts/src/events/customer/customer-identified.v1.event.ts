import { z } from 'zod';
import { calendarDateSchema, labelSchema } from '../../shared/primitives.schema';
import { defineEvent } from '../event-definition';

export const customerIdentifiedV1 = defineEvent({
  type: 'customer.identified',
  version: 1,
  kind: 'channel',
  summary:
    'A person made themselves known (login, sign-up, loyalty scan); the envelope identifiers are linked.',
  payload: z.strictObject({
    // Optional: a login that only links identifiers is still worth sending.
    method: z
      .enum([
        'login',
        'signup',
        'loyalty-scan',
        'checkout',
        'form',
        'wechat-authorization',
        'phone-verification',
      ])
      .optional(),
    traits: z
      .strictObject({
        name: labelSchema.optional(),
        gender: z.enum(['female', 'male', 'other', 'unknown']).optional(),
        birthday: calendarDateSchema.optional(),
        province: labelSchema.optional(),
        city: labelSchema.optional(),
      })
      .optional(),
  }),
});
