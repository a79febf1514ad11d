import { z } from 'zod';
import { idSchema, labelSchema } from '../../shared/primitives.schema';
import { defineEvent } from '../event-definition';

export const customerSegmentChangedV1 = defineEvent({
  type: 'customer.segment-changed',
  version: 1,
  kind: 'service',
  summary:
    'A customer joined or left a dynamic segment, so promotions can target segments without calling crm.',
  payload: z.strictObject({
    segmentId: idSchema,
    segmentName: labelSchema,
    change: z.enum(['joined', 'left']),
  }),
});
