import { z } from 'zod';
import { idSchema } from '../../shared/primitives.schema';
import { documented } from '../../shared/schema-metadata';
import { defineEvent } from '../event-definition';

export const eventRejectedV1 = defineEvent({
  type: 'event.rejected',
  version: 1,
  kind: 'service',
  summary: 'Ingest rejected an incoming event; the reasons say what to fix.',
  payload: z.strictObject({
    source: z.enum(['http', 'segment', 'kafka']),
    connectorId: idSchema.optional(),
    // The rejected event's own id and type, as sent (possibly invalid), for searching.
    rejectedEventId: z.string().max(1024).optional(),
    rejectedType: z.string().max(1024).optional(),
    errors: z.array(z.strictObject({ path: z.string(), message: z.string() })).min(1),
    input: documented(z.unknown(), {
      description:
        'The event as received; when inputTruncated, the start of its JSON (at most 8 KiB) as a string.',
    }),
    inputTruncated: documented(z.boolean(), {
      description: 'True when input holds only the start of what was received.',
    }).optional(),
    inputBytes: documented(z.int().nonnegative(), {
      description: 'The size in bytes of the whole input as JSON.',
    }).optional(),
  }),
});
