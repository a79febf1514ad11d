import { z } from 'zod';
import { countSchema } from '../../shared/primitives.schema';
import { defineEvent } from '../event-definition';

export const searchPerformedV1 = defineEvent({
  type: 'search.performed',
  version: 1,
  kind: 'channel',
  summary: 'A person searched the catalogue.',
  payload: z.strictObject({
    query: z.string().min(1).max(500),
    resultCount: countSchema.optional(),
    filters: z.record(z.string().min(1).max(100), z.string().max(200)).optional(),
    page: z.int().min(1).optional(),
  }),
});
