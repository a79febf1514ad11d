import { createZodDto } from '@omni/platform';
import { z } from 'zod';

export class ConflictQueryDto extends createZodDto(
  z.strictObject({
    status: z.enum(['open', 'resolved']).default('open'),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    afterId: z.coerce
      .number()
      .int()
      .min(0)
      .default(0)
      .meta({ description: 'Page after this conflict id.' }),
  }),
) {}
