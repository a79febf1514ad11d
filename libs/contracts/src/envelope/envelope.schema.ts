import { z } from 'zod';
import type { EventDefinition, EventKind } from '../events/event-definition';
import { eventIdLengthProblem, MAX_EVENT_ID_LENGTH } from '../limits/event-limits';
import { idSchema, timestampSchema } from '../shared/primitives.schema';
import { documented } from '../shared/schema-metadata';
import { channelSchema } from './channel.schema';
import { eventContextSchema } from './context.schema';
import { identifiersSchema, personIdentifiersSchema } from './identifiers.schema';

/**
 * - `event`: what connectors send and ingest publishes (ingest.raw.v1, ingest.events.v1).
 * - `downstream`: every topic after ingest: resolved channel events and service events.
 */
export type EnvelopeAudience = 'event' | 'downstream';

// zod's max counts code points, as JSON Schema's maxLength does; the limit counts UTF-16 code
// units, so an id of characters outside the Basic Multilingual Plane is checked again.
function withinUtf16Limit(payload: z.core.ParsePayload<string>): void {
  const problem = eventIdLengthProblem(payload.value);
  if (problem === undefined || payload.issues.some((issue) => issue.code === 'too_big')) return;
  payload.issues.push({ code: 'custom', input: payload.value, message: problem });
}

const commonFields = {
  eventId: documented(z.string().min(1).max(MAX_EVENT_ID_LENGTH).check(withinUtf16Limit), {
    description: `The producer's id for the event, used for dedupe, at most ${MAX_EVENT_ID_LENGTH} UTF-16 code units. UUIDs are recommended.`,
  }),
  occurredAt: documented(timestampSchema.clone(), {
    description: 'When it happened (event time).',
  }),
  sentAt: documented(timestampSchema.optional(), {
    description: 'When the producer sent it; ingest uses it to correct clock skew.',
  }),
  receivedAt: documented(timestampSchema.optional(), {
    description: 'When ingest received it. Set by ingest.',
  }),
  connectorId: documented(idSchema.optional(), {
    description: 'The connector that sent the event; ingest sets it from the API key.',
  }),
  context: eventContextSchema.optional(),
};

const anyIdentifiers = identifiersSchema.default({});

const channelEventFields = {
  ...commonFields,
  channel: channelSchema,
  identifiers: personIdentifiersSchema,
};

const referenceEventFields = {
  ...commonFields,
  channel: channelSchema,
  identifiers: anyIdentifiers,
};

const optionalCustomerId = documented(idSchema.optional(), {
  description: 'The resolved profile, when the event is about one customer.',
});

const resolutionFields = {
  customerId: documented(idSchema.clone(), {
    description: 'The resolved profile (identity-resolution).',
  }),
  correlationId: documented(idSchema.clone(), {
    description: 'Shared by every event of one flow; the eventId of the event that began it.',
  }),
  causationId: documented(idSchema.clone(), {
    description: 'The eventId (or command id) that directly caused this event.',
  }),
  profileVersion: documented(z.int().min(1).optional(), {
    description: 'The profile version the event was resolved against.',
  }),
};

const resolvedChannelFields = { ...channelEventFields, ...resolutionFields };

const resolvedReferenceFields = {
  ...referenceEventFields,
  ...resolutionFields,
  customerId: optionalCustomerId,
};

const serviceEventFields = {
  ...commonFields,
  channel: channelSchema.optional(),
  identifiers: anyIdentifiers,
  ...resolutionFields,
  customerId: optionalCustomerId,
};

type Fields<S extends z.ZodRawShape> = z.output<z.ZodObject<S, z.core.$strict>>;

/** Envelope fields of a channel or reference event as connectors send it. */
export type EventEnvelopeFields = Fields<typeof channelEventFields>;
/** Envelope fields of a channel event after identity resolution. */
export type ResolvedChannelEventFields = Fields<typeof resolvedChannelFields>;
/** Envelope fields of a reference feed event after identity resolution. */
export type ResolvedReferenceEventFields = Fields<typeof resolvedReferenceFields>;
/** Envelope fields of an event emitted by an Omni service. */
export type ServiceEventFields = Fields<typeof serviceEventFields>;

type EnvelopeFields = z.ZodRawShape & typeof commonFields;

const fieldsByAudience: Record<EnvelopeAudience, Record<EventKind, EnvelopeFields | undefined>> = {
  event: { channel: channelEventFields, reference: referenceEventFields, service: undefined },
  downstream: {
    channel: resolvedChannelFields,
    reference: resolvedReferenceFields,
    service: serviceEventFields,
  },
};

/** Whether events of `kind` may appear with the `audience` envelope. */
export function carriesKind(audience: EnvelopeAudience, kind: EventKind): boolean {
  return fieldsByAudience[audience][kind] !== undefined;
}

// Field order is the order of the JSON Schema and AsyncAPI documents: identity first, payload last.
function envelopeWith<
  S extends EnvelopeFields,
  T extends z.ZodType,
  V extends z.ZodType,
  P extends z.ZodType,
>(fields: S, type: T, version: V, payload: P) {
  const { eventId, ...rest } = fields;
  return z.strictObject({ eventId, type, version, ...rest, payload });
}

/** The strict schema of one event type and version inside the given envelope. */
export function buildEventSchema(
  definition: EventDefinition,
  audience: EnvelopeAudience,
): z.ZodType {
  const fields = fieldsByAudience[audience][definition.kind];
  if (fields === undefined) {
    throw new Error(
      `${definition.type} is a ${definition.kind} event and has no ${audience} envelope`,
    );
  }
  return envelopeWith(
    fields,
    z.literal(definition.type),
    z.literal(definition.version),
    definition.payload,
  );
}

const eventTypeSchema = z.string().regex(/^[a-z]+(?:[.-][a-z]+)*$/, {
  error: 'expected an event type such as order.placed',
});

const genericPayload = z.record(z.string(), z.unknown());

/** Any event as connectors send it, before its payload is checked against its type. */
export const eventEnvelopeSchema = documented(
  envelopeWith(referenceEventFields, eventTypeSchema, z.int().min(1), genericPayload),
  {
    id: 'EventEnvelope',
    description:
      'The envelope every event from a channel shares; the payload is specific to type and version.',
  },
);

/** Any event on a topic after ingest, before its payload is checked against its type. */
export const downstreamEnvelopeSchema = documented(
  envelopeWith(serviceEventFields, eventTypeSchema, z.int().min(1), genericPayload),
  {
    id: 'DownstreamEventEnvelope',
    description:
      'The envelope of every event after ingest: channel events resolved to a customer, and events Omni services emit.',
  },
);
