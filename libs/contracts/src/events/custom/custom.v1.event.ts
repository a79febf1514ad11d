import { z } from 'zod';
import { labelSchema } from '../../shared/primitives.schema';
import { defineEvent } from '../event-definition';

export const customV1 = defineEvent({
  type: 'custom',
  version: 1,
  kind: 'channel',
  summary: 'An event with no Omni type, e.g. an unknown Segment track call, kept with its name.',
  payload: z.strictObject({
    name: labelSchema,
    properties: z.record(z.string(), z.unknown()),
  }),
});
