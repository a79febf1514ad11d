import { HEADERS, parseEvent, type EventEnvelope } from '@omni/contracts';
import { decodeJson, type OutboxMessage, type RawMessage } from '@omni/messaging';
import type { Resolution } from './identity-resolver.service';

// Fields resolution adds; an input that already names one is serialised afresh, never spliced.
const ADDED_FIELDS = ['customerId', 'profileVersion', 'correlationId', 'causationId'];
const CLOSING_BRACE = 0x7d;
const WHITE_SPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/** Envelopes decoded from JSON that names none of the added fields at its top level. */
const spliceable = new WeakSet<EventEnvelope>();

/**
 * Decodes and validates (tolerantly) a message of ingest.events.v1; a bad one goes to the DLT.
 * Notes whether its bytes can later carry the added fields by splicing.
 */
export function decodeIngestedEvent(raw: RawMessage): EventEnvelope {
  const json = decodeJson(raw);
  const envelope = parseEvent(json);
  if (!ADDED_FIELDS.some((name) => Object.hasOwn(json as object, name))) spliceable.add(envelope);
  return envelope;
}

/**
 * The original envelope plus customerId and profile version, keyed by the customerId.
 *
 * When the event's own bytes are given and it was decoded by `decodeIngestedEvent`, the added
 * fields are spliced in before its closing brace instead of serialising the parsed envelope
 * again, which costs about as much as parsing did. The parsed and the raw envelope differ only
 * in fields this version of the contracts does not know (the tolerant reader drops them; the
 * splice forwards them, as the original envelope), and for an event about no person, whose
 * default identifiers the parse adds: those, and any input already naming an added field,
 * are serialised afresh.
 */
export function resolvedEventMessage(
  topic: string,
  event: EventEnvelope,
  resolution: Resolution | undefined,
  fallbackKey: string,
  rawValue?: Buffer | null,
): OutboxMessage {
  const added = {
    ...(resolution === undefined
      ? {}
      : { customerId: resolution.customerId, profileVersion: resolution.profileVersion }),
    correlationId: event.eventId,
    causationId: event.eventId,
  };
  const spliced =
    resolution === undefined || rawValue == null || !spliceable.has(event)
      ? undefined
      : splice(rawValue, added);
  return {
    topic,
    key: resolution?.customerId ?? fallbackKey,
    value: spliced ?? { ...event, ...added },
    headers: { [HEADERS.eventType]: event.type, [HEADERS.eventVersion]: String(event.version) },
  };
}

/** `raw` (a JSON object) with `fields` appended, or undefined if it cannot be done safely. */
function splice(raw: Buffer, fields: Record<string, unknown>): Buffer | undefined {
  let end = raw.length - 1;
  while (end > 0 && WHITE_SPACE.has(raw[end])) end--;
  if (raw[end] !== CLOSING_BRACE) return undefined;
  const tail = JSON.stringify(fields);
  // `{"a":1}` + `{"customerId":…}` → `{"a":1,"customerId":…}`; an empty object never gets here.
  return Buffer.concat([raw.subarray(0, end), Buffer.from(`,${tail.slice(1)}`, 'utf8')]);
}
