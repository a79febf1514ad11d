import { z } from 'zod';
import { channelSchema } from '../../envelope/channel.schema';
import { idSchema, labelSchema, timestampSchema } from '../../shared/primitives.schema';
import { defineEvent } from '../event-definition';

export const alertRaisedV1 = defineEvent({
  type: 'alert.raised',
  version: 1,
  kind: 'service',
  summary: 'A KPI crossed a threshold or behaved anomalously.',
  payload: z.strictObject({
    alertId: idSchema,
    rule: labelSchema,
    severity: z.enum(['info', 'warning', 'critical']),
    metric: labelSchema,
    value: z.number(),
    threshold: z.number().optional(),
    channel: channelSchema.optional(),
    campaignId: idSchema.optional(),
    windowStart: timestampSchema.optional(),
    windowEnd: timestampSchema.optional(),
    message: z.string().min(1).max(1000),
  }),
});
