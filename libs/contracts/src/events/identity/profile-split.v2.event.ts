import { z } from 'zod';
import { idSchema } from '../../shared/primitives.schema';
import { defineEvent } from '../event-definition';

export const profileSplitV2 = defineEvent({
  type: 'profile.split',
  version: 2,
  kind: 'service',
  summary:
    'A profile was un-merged: part of fromId now resolves to each of newIds, and the past events listed under each new id belong to it. A split with many events is published in parts (part of parts), all with the same fromId, newIds and version.',
  payload: z.strictObject({
    fromId: idSchema,
    newIds: z.array(idSchema).min(1),
    version: z.int().min(1),
    /** This message's place among the split's parts, from 1. */
    part: z.int().min(1),
    parts: z.int().min(1),
    /**
     * Per new customerId, the keys (eventDedupeKey: `connectorId:eventId`, or the eventId of an
     * event without a connector) of past events that now belong to it. Events not listed stay
     * with fromId.
     */
    moves: z.array(
      z.strictObject({
        customerId: idSchema,
        eventKeys: z.array(z.string().min(1)),
      }),
    ),
  }),
});
