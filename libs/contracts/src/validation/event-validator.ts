import {
  downstreamEnvelopeSchema,
  eventEnvelopeSchema,
  type EnvelopeAudience,
} from '../envelope/envelope.schema';
import type { DownstreamEventEnvelope, EventEnvelope } from '../events/event-registry';
import { findEventDefinition, versionsOf } from '../events/event-registry';
import { compiledEventSchemas, eventKey } from '../events/event-schemas';
import { eventLimitErrors } from '../limits/event-limits';
import { describeValue } from '../shared/value-description';
import { UNSURE } from './fast-acceptor';
import { humanErrorMap, toValidationErrors, type ValidationError } from './issue-format';

export type ValidationResult<E> =
  | { readonly ok: true; readonly event: E }
  | { readonly ok: false; readonly errors: ValidationError[] };

type Reader = 'strict' | 'tolerant';

const parseParams = { error: humanErrorMap };

const genericEnvelopes = { event: eventEnvelopeSchema, downstream: downstreamEnvelopeSchema };

function typeProblem(
  type: string,
  version: unknown,
  audience: EnvelopeAudience,
): ValidationError | undefined {
  const versions = versionsOf(type);
  if (versions.length === 0) {
    return {
      path: 'type',
      message:
        audience === 'event'
          ? `unknown event type ${describeValue(type)}; send events Omni has no type for as type "custom" with payload { name, properties }`
          : `unknown event type ${describeValue(type)}`,
    };
  }
  if (audience === 'event' && findEventDefinition(type, versions[0])?.kind === 'service') {
    return {
      path: 'type',
      message: `${type} is emitted by Omni services; connectors cannot send it`,
    };
  }
  if (typeof version !== 'number') return undefined;
  return {
    path: 'version',
    message: `${type} has no version ${version}; registered versions: ${versions.join(', ')}`,
  };
}

// Reports the envelope's own problems too, so a sender fixes everything in one round trip.
function unknownEventErrors(
  input: object,
  type: unknown,
  version: unknown,
  audience: EnvelopeAudience,
): ValidationError[] {
  const envelope = genericEnvelopes[audience].safeParse(input, parseParams);
  const errors = envelope.success ? [] : toValidationErrors(envelope.error.issues);
  const problem = typeof type === 'string' ? typeProblem(type, version, audience) : undefined;
  if (problem === undefined || errors.some((error) => error.path === problem.path)) return errors;
  return [problem, ...errors];
}

function validate(
  input: unknown,
  audience: EnvelopeAudience,
  reader: Reader,
): ValidationResult<unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      ok: false,
      errors: [
        { path: '(root)', message: `expected an event object, got ${describeValue(input)}` },
      ],
    };
  }
  // Walked without recursion; zod reads no deeper than the schema, so it is safe on such input
  // too, and a sender learns every problem at once.
  const beyondLimits = eventLimitErrors(input);
  const { type, version } = input as { type?: unknown; version?: unknown };
  const compiled =
    typeof type === 'string' && typeof version === 'number'
      ? compiledEventSchemas[audience].get(eventKey(type, version))
      : undefined;
  if (compiled === undefined) {
    return {
      ok: false,
      errors: [...beyondLimits, ...unknownEventErrors(input, type, version, audience)],
    };
  }
  if (beyondLimits.length === 0) {
    const accepted = compiled.accept[reader](input);
    if (accepted !== UNSURE) return { ok: true, event: accepted };
  }
  const result = compiled[reader].safeParse(input, parseParams);
  if (result.success && beyondLimits.length === 0) return { ok: true, event: result.data };
  return {
    ok: false,
    errors: [...beyondLimits, ...(result.success ? [] : toValidationErrors(result.error.issues))],
  };
}

/** Thrown by the parse functions; `errors` lists every problem with its path. */
export class EventValidationError extends Error {
  constructor(readonly errors: readonly ValidationError[]) {
    super(`invalid event: ${errors.map((error) => `${error.path}: ${error.message}`).join('; ')}`);
    this.name = 'EventValidationError';
  }
}

function orThrow<E>(result: ValidationResult<E>): E {
  if (result.ok) return result.event;
  throw new EventValidationError(result.errors);
}

// The compiled table maps (type, version) to that event's schema, so a successful parse is
// exactly the union member with that type and version.

/**
 * Checks an event as a channel sends it, strictly: unknown fields are rejected so typos are
 * caught at the edge. Service event types (profile.merged, ...) are refused.
 */
export function validateEvent(input: unknown): ValidationResult<EventEnvelope> {
  return validate(input, 'event', 'strict') as ValidationResult<EventEnvelope>;
}

/** Checks an event strictly before a service publishes it on a topic after ingest. */
export function validateDownstreamEvent(input: unknown): ValidationResult<DownstreamEventEnvelope> {
  return validate(input, 'downstream', 'strict') as ValidationResult<DownstreamEventEnvelope>;
}

/**
 * Reads an event from ingest.raw.v1 or ingest.events.v1. Tolerant: fields this version of the
 * contracts does not know yet are dropped, not rejected. Throws EventValidationError.
 */
export function parseEvent(input: unknown): EventEnvelope {
  return orThrow(validate(input, 'event', 'tolerant') as ValidationResult<EventEnvelope>);
}

/** Reads an event from a topic after ingest, tolerantly. Throws EventValidationError. */
export function parseDownstreamEvent(input: unknown): DownstreamEventEnvelope {
  return orThrow(
    validate(input, 'downstream', 'tolerant') as ValidationResult<DownstreamEventEnvelope>,
  );
}
