import { createZodDto, pageLimit } from '@omni/platform';
import { z } from 'zod';

export class ConflictQueryDto extends createZodDto(
  z.strictObject({
    status: z.enum(['open', 'resolved']).default('open'),
    limit: pageLimit(),
    afterId: z.coerce
      .number()
      .int()
      .min(0)
      .default(0)
      .meta({ description: 'Page after this conflict id.' }),
  }),
) {}
