import { z } from 'zod';
import { countSchema, idSchema } from '../../shared/primitives.schema';
import { defineEvent } from '../event-definition';

export const storeVisitedV1 = defineEvent({
  type: 'store.visited',
  version: 1,
  kind: 'channel',
  summary: 'A known person was in a physical store.',
  payload: z.strictObject({
    storeId: idSchema,
    detectedBy: z.enum(['check-in', 'wifi', 'beacon', 'pos', 'staff', 'appointment']).optional(),
    durationSeconds: countSchema.optional(),
  }),
});
