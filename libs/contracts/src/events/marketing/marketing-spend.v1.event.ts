import { z } from 'zod';
import { moneySchema } from '../../shared/money.schema';
import {
  calendarDateSchema,
  countSchema,
  idSchema,
  labelSchema,
} from '../../shared/primitives.schema';
import { defineEvent } from '../event-definition';

export const marketingSpendV1 = defineEvent({
  type: 'marketing.spend',
  version: 1,
  kind: 'reference',
  summary:
    'What one campaign cost on one channel on one day; a later event for the same day replaces it.',
  payload: z.strictObject({
    date: calendarDateSchema,
    campaignId: idSchema,
    campaignName: labelSchema.optional(),
    source: labelSchema,
    medium: labelSchema,
    cost: moneySchema,
    impressions: countSchema.optional(),
    clicks: countSchema.optional(),
  }),
});
