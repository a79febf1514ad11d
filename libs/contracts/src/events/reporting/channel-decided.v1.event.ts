import { z } from 'zod';
import { calendarDateSchema, idSchema, timestampSchema } from '../../shared/primitives.schema';
import { defineEvent } from '../event-definition';

const ratio = z.number().nullable();

/** The health index's metrics, each scored 0–100 (null when unknown) or weighted 0–0.4. */
const healthMetrics = <T extends z.ZodType>(value: T) =>
  z.strictObject({
    sales: value.optional(),
    salesShare: value.optional(),
    customers: value.optional(),
    grossMargin: value.optional(),
    csat: value.optional(),
    partnerRelations: value.optional(),
  });

/** Revenue, spend (minor units), distinct buyers and CSAT (share of scores 4–5) over a span. */
const spanFigures = z.strictObject({
  revenue: z.number(),
  spend: z.number(),
  customers: z.int().min(0),
  csat: z.number().min(0).max(1).nullable(),
});

export const channelDecidedV1 = defineEvent({
  type: 'channel.decided',
  version: 1,
  kind: 'service',
  summary:
    'A channel decision for one test period: admit / expand / exit for a channel under test, a health index and whether its resources are cut, with the figures it was made from. A later revision of the same channel and period carries a higher revision.',
  payload: z.strictObject({
    decisionId: idSchema,
    channel: z.string().min(1).max(64).meta({
      description:
        "The channel decided on, as reporting's KPIs name it ('unknown' for events sent without one)",
    }),
    periodStart: calendarDateSchema,
    periodEnd: calendarDateSchema.meta({ description: 'Exclusive end of the period (UTC)' }),
    revision: z.int().min(1),
    recommendation: z.enum(['expand', 'admit', 'hold', 'exit', 'insufficient-data']).nullable(),
    healthIndex: z.number().min(0).max(100).nullable(),
    resourceCut: z.boolean(),
    reason: z.string().min(1).max(1000),
    decidedAt: timestampSchema,
    figures: z.strictObject({
      currency: z.string().regex(/^[A-Z]{3}$/),
      period: spanFigures.nullable(),
      roiHistory: z.array(ratio).max(52),
      averageRoiOfExisting: ratio,
      targetRoi: z.number(),
      costRate: z.number().min(0).max(1),
      month: spanFigures,
      healthScores: healthMetrics(z.number().min(0).max(100).nullable()),
      healthWeights: healthMetrics(z.number().min(0).max(0.4)),
    }),
  }),
});
