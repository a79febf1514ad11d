import { isIP } from 'node:net';
import { z } from 'zod';
import { idSchema, labelSchema, urlSchema } from '../shared/primitives.schema';
import { documented } from '../shared/schema-metadata';
import { describeValue } from '../shared/value-description';

export const DEVICE_TYPES = ['mobile', 'desktop', 'tablet', 'pos', 'other'] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];

const campaignSchema = z.strictObject({
  id: idSchema.optional(),
  source: labelSchema.optional(),
  medium: labelSchema.optional(),
  name: labelSchema.optional(),
  term: labelSchema.optional(),
  content: labelSchema.optional(),
});

const pageSchema = z.strictObject({
  url: urlSchema.max(4096).optional(),
  referrer: z.string().max(4096).optional(),
  path: z.string().min(1).max(2048).optional(),
  title: z.string().max(500).optional(),
});

const ipSchema = z.string().refine((value) => isIP(value) !== 0, {
  error: (issue) => `expected an IPv4 or IPv6 address, got ${describeValue(issue.input)}`,
});

/**
 * Where and how the event happened. Extra keys are kept (SDKs add their own context);
 * the nested campaign and page objects are strict so typos in UTM fields are caught.
 */
export const eventContextSchema = documented(
  z.looseObject({
    deviceType: z.enum(DEVICE_TYPES).optional(),
    storeId: idSchema.optional(),
    campaign: campaignSchema.optional(),
    locale: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'expected a BCP 47 locale, e.g. zh-CN')
      .optional(),
    userAgent: z.string().max(1024).optional(),
    ip: ipSchema.optional(),
    page: pageSchema.optional(),
    experiments: z
      .record(idSchema, labelSchema)
      .refine((experiments) => Object.keys(experiments).length <= 50, {
        error: 'expected at most 50 experiments',
      })
      .optional()
      .meta({
        description:
          'A/B tests the person was exposed to when the event happened: experiment id → variant, e.g. {"checkout-button":"treatment"}',
      }),
  }),
  {
    id: 'EventContext',
    description:
      'Device, store, campaign (UTM), locale, page and A/B test variants of the event. Extra keys are kept.',
  },
);

export type EventContext = z.output<typeof eventContextSchema>;
