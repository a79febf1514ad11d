import { z } from 'zod';
import { channelSchema } from '../../envelope/channel.schema';
import { idSchema, labelSchema, skuSchema, timestampSchema } from '../../shared/primitives.schema';
import { defineEvent } from '../event-definition';

export const JOURNEY_TRIGGERS = [
  'repurchase-reminder',
  'cart-abandonment',
  'win-back',
  'birthday',
  'welcome',
  'viewed-not-carted',
  'silent-after-first-order',
  'replenishment',
] as const;
export type JourneyTrigger = (typeof JOURNEY_TRIGGERS)[number];

export const journeyTriggeredV1 = defineEvent({
  type: 'journey.triggered',
  version: 1,
  kind: 'service',
  summary:
    'A durable journey timer fired for a customer who consented to be contacted, e.g. a repurchase reminder.',
  payload: z.strictObject({
    journeyId: idSchema,
    trigger: z.enum(JOURNEY_TRIGGERS),
    step: labelSchema.optional(),
    dueAt: timestampSchema,
    orderId: idSchema.optional(),
    /** The journey instance; a step fires at most once per instance. */
    instanceId: idSchema.optional(),
    /** The channel the contact should go out on; consent for it was checked at firing. */
    channel: channelSchema.optional(),
    /** The product of a cart, view or replenishment journey. */
    sku: skuSchema.optional(),
    /** What promotions needs to pick a win-back offer. */
    lifecycleStage: labelSchema.optional(),
    valueTier: z.enum(['high', 'mid', 'low']).optional(),
    churnReason: z.enum(['price-sensitive', 'dissatisfied', 'needs-changed']).optional(),
    segments: z.array(idSchema).max(100).optional(),
  }),
});
