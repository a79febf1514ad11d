import { z } from 'zod';
import { idSchema } from '../../shared/primitives.schema';
import { defineEvent } from '../event-definition';

export const profileSplitV1 = defineEvent({
  type: 'profile.split',
  version: 1,
  kind: 'service',
  summary: 'A profile was un-merged: part of fromId now resolves to each of newIds.',
  payload: z.strictObject({
    fromId: idSchema,
    newIds: z.array(idSchema).min(1),
    version: z.int().min(1),
  }),
});
