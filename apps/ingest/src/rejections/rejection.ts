import { randomUUID } from 'node:crypto';
import type { ValidationError } from '@omni/contracts';

export type IngestSource = 'http' | 'segment' | 'kafka';

/** One rejected event with its reasons and the input exactly as received (see boundRejection). */
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

function storableJson(value: unknown): unknown {
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

/**
 * A rejection keeps at most this much of the input it rejects: the input's JSON, cut to this
 * many UTF-8 bytes and kept as a string, flagged, with the whole input's size. So one bad
 * request can put only so much in the rejections table and on ingest.rejected.v1.
 */
export const MAX_REJECTED_INPUT_BYTES = 8 * 1_024;

// The rejected event's id and type are kept for searching; a longer one is cut and marked.
const MAX_SEARCH_TEXT_LENGTH = 128;
// Reasons are kept bounded too: the first ones, each cut, then how many more there were.
const MAX_ERRORS = 20;
const MAX_ERROR_PATH_LENGTH = 200;
const MAX_ERROR_MESSAGE_LENGTH = 300;

/** A rejection as it is stored and published: every part bounded and storable. */
export type BoundedRejection = {
  connectorId: string | null;
  source: IngestSource;
  eventId?: string;
  type?: string;
  errors: ValidationError[];
  /** The input as received, or, above MAX_REJECTED_INPUT_BYTES, the start of its JSON. */
  input: unknown;
  inputTruncated: boolean;
  /** The size of the whole input as JSON (UTF-8). */
  inputBytes: number;
};

export function boundRejection(rejection: Rejection): BoundedRejection {
  const input = storableJson(rejection.input ?? null);
  const json = JSON.stringify(input);
  const inputBytes = Buffer.byteLength(json, 'utf8');
  const inputTruncated = inputBytes > MAX_REJECTED_INPUT_BYTES;
  return {
    connectorId: rejection.connectorId,
    source: rejection.source,
    eventId: boundedSearchText(rejection.eventId),
    type: boundedSearchText(rejection.type),
    errors: boundedErrors(rejection.errors),
    input: inputTruncated ? utf8Prefix(json, MAX_REJECTED_INPUT_BYTES) : input,
    inputTruncated,
    inputBytes,
  };
}

/** Text cut to `max` characters plus an ellipsis (so a cut id is never a valid one), storable. */
function boundedText(value: string, max: number): string {
  return storableJson(value.length > max ? `${value.slice(0, max)}…` : value) as string;
}

const boundedSearchText = (value: string | undefined) =>
  value === undefined ? undefined : boundedText(value, MAX_SEARCH_TEXT_LENGTH);

function boundedErrors(errors: ValidationError[]): ValidationError[] {
  const kept = errors.length > MAX_ERRORS ? errors.slice(0, MAX_ERRORS - 1) : errors;
  const bounded = kept.map((error) => ({
    path: boundedText(error.path, MAX_ERROR_PATH_LENGTH),
    message: boundedText(error.message, MAX_ERROR_MESSAGE_LENGTH),
  }));
  if (kept.length < errors.length)
    bounded.push({ path: '(root)', message: `and ${errors.length - kept.length} more problems` });
  return bounded;
}

/** The longest start of `text` that is at most `maxBytes` in UTF-8, never cutting a character. */
function utf8Prefix(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  let end = maxBytes;
  // A continuation byte (10xxxxxx) right after the cut means the cut splits a character.
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end -= 1;
  return bytes.subarray(0, end).toString('utf8');
}

const idOrUndefined = (value: string | undefined) =>
  value !== undefined && value.length >= 1 && value.length <= 128 ? value : undefined;

/** The event.rejected envelope published on ingest.rejected.v1 (keyed by connector). */
export function rejectedEvent(rejection: BoundedRejection, rejectedAt: Date) {
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
      input: rejection.input,
      inputTruncated: rejection.inputTruncated,
      inputBytes: rejection.inputBytes,
    },
  };
}
