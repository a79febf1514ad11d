import { z } from 'zod';
import { idSchema, textSchema } from '../../shared/primitives.schema';
import { defineEvent } from '../event-definition';

export const surveyAnsweredV1 = defineEvent({
  type: 'survey.answered',
  version: 1,
  kind: 'channel',
  summary:
    'A person answered a satisfaction survey (CSAT 1–5), optionally about one order or one service contact.',
  payload: z.strictObject({
    satisfaction: z.int().min(1).max(5),
    surveyId: idSchema.optional(),
    orderId: idSchema.optional(),
    contactId: idSchema.optional(),
    comment: textSchema.optional(),
  }),
});
