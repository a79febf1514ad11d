import { z } from 'zod';
import { channelSchema } from '../../envelope/channel.schema';
import { labelSchema } from '../../shared/primitives.schema';
import { defineEvent } from '../event-definition';

export const CONSENT_PURPOSES = ['marketing', 'analytics', 'personalisation'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export const customerConsentUpdatedV1 = defineEvent({
  type: 'customer.consent-updated',
  version: 1,
  kind: 'channel',
  summary: 'A person granted or withdrew consent for one purpose on one channel.',
  payload: z.strictObject({
    purpose: z.enum(CONSENT_PURPOSES),
    channel: channelSchema,
    granted: z.boolean(),
    policyVersion: labelSchema.optional(),
  }),
});
