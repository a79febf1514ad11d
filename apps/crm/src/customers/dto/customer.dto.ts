import { TIERS } from '@omni/contracts';
import { createZodDto } from '@omni/platform';
import { z } from 'zod';
import { customerInsightsSchema } from '../../insights/dto/customer-insights.dto';

const money = z.object({
  currency: z.string(),
  amount: z.int().meta({ description: 'Minor units' }),
});

export const benefitsSchema = z.object({
  pointsMultiplierPercent: z.int(),
  memberDiscount: z.boolean(),
  birthdayGift: z.boolean(),
  earlyAccess: z.boolean(),
  priorityService: z.boolean(),
});

export const tierChangeSchema = z.object({
  changeId: z.string(),
  previousTier: z.enum(TIERS).nullable(),
  tier: z.enum(TIERS),
  reason: z.enum(['qualifying-activity', 'assessment', 'manual']),
  assessment: z.object({
    points: z.int(),
    orders: z.int(),
    engagement: z.int(),
    score: z.number(),
  }),
  occurredAt: z.string(),
});

export const customerProfileSchema = z.object({
  customerId: z.string(),
  tier: z.enum(TIERS),
  tierSince: z.string(),
  benefits: benefitsSchema,
  points: z.object({
    balance: z
      .int()
      .meta({ description: 'Sum of the ledger; negative while refunded points are owed' }),
    tierQualifying: z
      .int()
      .meta({ description: 'Tier-qualifying points in the assessment window' }),
  }),
  firstSeenAt: z.string().nullable(),
  lastSeenAt: z.string().nullable(),
  traits: z.record(
    z.string(),
    z.object({
      value: z.unknown(),
      setAt: z.string().meta({ description: 'Event time of the event that set the value' }),
      strategy: z.enum(['latest', 'first', 'max', 'sum', 'union']),
    }),
  ),
  channels: z.array(
    z.object({
      channel: z.string(),
      firstSeenAt: z.string(),
      lastSeenAt: z.string(),
      events: z.int(),
    }),
  ),
  orders: z.object({
    count: z.int(),
    paid: z.int(),
    paidSpend: z.array(money),
    refunds: z.int(),
    refunded: z.array(money),
    averageOrderValue: z.array(money),
  }),
  storeVisits: z.int(),
  reviews: z.int(),
  serviceContacts: z
    .array(
      z.object({
        at: z.string(),
        channel: z.string().nullable(),
        contactId: z.string(),
        medium: z.string().optional(),
        reason: z.string().optional(),
        orderId: z.string().optional(),
        resolved: z.boolean().optional(),
        satisfaction: z.int().optional(),
      }),
    )
    .meta({ description: 'Service contacts on every channel, oldest first' }),
  tierChanges: z.array(tierChangeSchema),
});

export type CustomerProfile = z.output<typeof customerProfileSchema>;

/** The customer as GET /v1/customers/{id} answers: crm's profile with its insights. */
export const customerViewSchema = customerProfileSchema.extend(customerInsightsSchema.shape);
export class CustomerProfileDto extends createZodDto(customerViewSchema) {}
export type CustomerView = z.output<typeof customerViewSchema>;
