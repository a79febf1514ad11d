import { randomUUID } from 'node:crypto';
import type { ValidationError } from '@omni/contracts';

export type IngestSource = 'http' | 'segment' | 'kafka';

/** One rejected event with its reasons and the input exactly as received. */
export type Rejection = {
  connectorId: string | null;
  source: IngestSource;
  eventId?: string;
  type?: string;
  errors: ValidationError[];
  input: unknown;
};

/** Postgres text and jsonb hold neither NUL nor lone surrogates, which arbitrary input may. */
// eslint-disable-next-line no-control-regex -- NUL is exactly what Postgres cannot store
const unstorable = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function storableJson(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(unstorable, '\uFFFD');
  if (Array.isArray(value)) return value.map(storableJson);
  if (typeof value === 'object' && value !== null) {
    const copy: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value))
      copy[storableJson(key) as string] = storableJson(inner);
    return copy;
  }
  return value;
}

const idOrUndefined = (value: string | undefined) =>
  value !== undefined && value.length >= 1 && value.length <= 128 ? value : undefined;

/** The event.rejected envelope published on ingest.rejected.v1 (keyed by connector). */
export function rejectedEvent(rejection: Rejection, rejectedAt: Date) {
  const eventId = `rejected-${randomUUID()}`;
  const cause = idOrUndefined(rejection.eventId) ?? eventId;
  const at = rejectedAt.toISOString();
  return {
    eventId,
    type: 'event.rejected',
    version: 1,
    occurredAt: at,
    receivedAt: at,
    ...(rejection.connectorId === null ? {} : { connectorId: rejection.connectorId }),
    identifiers: {},
    correlationId: cause,
    causationId: cause,
    payload: {
      source: rejection.source,
      ...(rejection.connectorId === null ? {} : { connectorId: rejection.connectorId }),
      ...(rejection.eventId === undefined ? {} : { rejectedEventId: rejection.eventId }),
      ...(rejection.type === undefined ? {} : { rejectedType: rejection.type }),
      errors: rejection.errors,
      input: storableJson(rejection.input ?? null),
    },
  };
}
