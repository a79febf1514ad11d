import { z } from 'zod';
import { idSchema } from '../../shared/primitives.schema';
import { defineEvent } from '../event-definition';

export const profileErasedV1 = defineEvent({
  type: 'profile.erased',
  version: 1,
  kind: 'service',
  summary:
    'A person exercised the right to be forgotten. Every consumer deletes or anonymises what it holds.',
  payload: z.strictObject({
    customerId: idSchema,
    version: z.int().min(1),
  }),
});
