import { z } from 'zod';

/** What insights, segments and consent add to a customer (GET /v1/customers/{id}). */
export const customerInsightsSchema = z.object({
  segments: z
    .array(z.object({ segmentId: z.string(), name: z.string(), joinedAt: z.string() }))
    .meta({ description: 'Dynamic segments the customer is a member of' }),
  lifecycle: z
    .string()
    .nullable()
    .meta({ description: 'new, active, at-risk, churned-short, churned-mid or churned-long' }),
  valueTier: z.string().nullable().meta({ description: 'high, mid or low' }),
  churnReason: z.string().nullable(),
  rfm: z.object({ r: z.int(), f: z.int(), m: z.int() }).nullable(),
  consent: z
    .array(
      z.object({
        channel: z.string(),
        purpose: z.string(),
        granted: z.boolean(),
        occurredAt: z.string(),
      }),
    )
    .meta({ description: 'The decision in force per channel and purpose' }),
  clv: z
    .object({
      currency: z.string().nullable(),
      historicalMinor: z.int(),
      predictedMinor: z.int().meta({ description: 'Predicted net spend over the next 12 months' }),
    })
    .nullable(),
});
