import { createZodDto, pageLimit } from '@omni/platform';
import { z } from 'zod';
import { CONNECTOR_ID_PATTERN } from '../../connectors/connector-key';

const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value));

export class RejectionsQueryDto extends createZodDto(
  z.object({
    // Only an id a connector can have reaches the database (a NUL there was a 500).
    connectorId: z
      .string()
      .regex(CONNECTOR_ID_PATTERN, 'expected a connector id: lower-case letters, digits or hyphens')
      .optional(),
    from: instant.optional().meta({ description: 'ISO 8601, inclusive' }),
    to: instant.optional().meta({ description: 'ISO 8601, exclusive' }),
    limit: pageLimit(),
  }),
) {}
