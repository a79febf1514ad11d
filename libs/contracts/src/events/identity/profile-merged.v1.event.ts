import { z } from 'zod';
import { idSchema } from '../../shared/primitives.schema';
import { defineEvent } from '../event-definition';

export const profileMergedV1 = defineEvent({
  type: 'profile.merged',
  version: 1,
  kind: 'service',
  summary:
    'Profiles were merged: mergedIds now resolve to survivorId. Consumers move their data to the survivor.',
  payload: z.strictObject({
    survivorId: idSchema,
    mergedIds: z.array(idSchema).min(1),
    version: z.int().min(1),
  }),
});
