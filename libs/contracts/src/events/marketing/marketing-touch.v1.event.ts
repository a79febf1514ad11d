import { z } from 'zod';
import { moneySchema } from '../../shared/money.schema';
import { idSchema, labelSchema } from '../../shared/primitives.schema';
import { defineEvent } from '../event-definition';

export const marketingTouchV1 = defineEvent({
  type: 'marketing.touch',
  version: 1,
  kind: 'channel',
  summary: 'A person saw or clicked an ad or a message of a campaign; input to attribution.',
  payload: z.strictObject({
    touchType: z.enum(['impression', 'click', 'open', 'view']),
    campaignId: idSchema,
    source: labelSchema.optional(),
    medium: labelSchema.optional(),
    adId: idSchema.optional(),
    creativeId: idSchema.optional(),
    placement: labelSchema.optional(),
    cost: moneySchema.optional(),
  }),
});
