import {
  validateEvent,
  type Channel,
  type EventEnvelope,
  type ValidationError,
} from '@omni/contracts';
import { phoneNormaliser } from './phone-normaliser';

export type NormaliseSettings = {
  defaultPhoneRegion: string;
  maxFutureMs: number;
  maxPastMs: number;
};

/** The connector an event arrived from, as far as normalisation needs to know it. */
export type Sender = { connectorId: string; channels: readonly Channel[] };

export type Normalised =
  | { ok: true; event: EventEnvelope }
  | { ok: false; errors: ValidationError[]; eventId?: string; type?: string };

type Mutable = Record<string, unknown>;

const isObject = (value: unknown): value is Mutable =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const shortString = (value: unknown): string | undefined =>
  typeof value === 'string' ? value.slice(0, 1024) : undefined;

// Values are cleaned before validation, so " Ann@Example.COM " is accepted as ann@example.com.
function cleanIdentifiers(identifiers: Mutable): Mutable {
  const cleaned: Mutable = {};
  for (const [name, value] of Object.entries(identifiers)) {
    if (typeof value !== 'string') cleaned[name] = value;
    else cleaned[name] = name === 'email' ? value.trim().toLowerCase() : value.trim();
  }
  return cleaned;
}

/**
 * Validates one event against its contract schema and normalises it: identifiers cleaned
 * (E.164 phones with a default region, trimmed lower-case emails), envelope times in UTC with
 * occurredAt corrected for client clock skew (receivedAt − sentAt, as Segment does), the
 * channel checked against the connector's registration, and connectorId and receivedAt set.
 */
export function normaliseEvent(
  input: unknown,
  sender: Sender,
  receivedAt: Date,
  settings: NormaliseSettings,
): Normalised {
  if (!isObject(input)) return { ok: false, errors: validateEventErrors(input) };
  const eventId = shortString(input.eventId);
  const type = shortString(input.type);
  const reject = (errors: ValidationError[]): Normalised => ({ ok: false, errors, eventId, type });

  if (input.connectorId !== undefined && input.connectorId !== sender.connectorId) {
    return reject([
      {
        path: 'connectorId',
        message: `does not match the connector of the key (${sender.connectorId}); leave it out, ingest sets it`,
      },
    ]);
  }
  const prepared: Mutable = {
    ...input,
    connectorId: sender.connectorId,
    receivedAt: isoOf(receivedAt.getTime()),
  };
  if (isObject(input.identifiers)) prepared.identifiers = cleanIdentifiers(input.identifiers);

  const result = validateEvent(prepared);
  if (!result.ok) return reject(result.errors);
  const event = result.event;
  const errors: ValidationError[] = [];

  if (!sender.channels.includes(event.channel)) {
    errors.push({
      path: 'channel',
      message: `connector ${sender.connectorId} is not registered for channel ${event.channel}; registered: ${sender.channels.join(', ')}`,
    });
  }
  if (event.identifiers.phone !== undefined) {
    const phone = phoneNormaliser.toE164(event.identifiers.phone, settings.defaultPhoneRegion);
    if (phone !== null) event.identifiers.phone = phone;
    else
      errors.push({
        path: 'identifiers.phone',
        message: `is not a valid phone number (default region ${settings.defaultPhoneRegion}); send E.164, e.g. +8613800138000`,
      });
  }
  const occurred = Date.parse(event.occurredAt);
  const sent = event.sentAt === undefined ? undefined : Date.parse(event.sentAt);
  const corrected = sent === undefined ? occurred : occurred + (receivedAt.getTime() - sent);
  if (corrected > receivedAt.getTime() + settings.maxFutureMs) {
    errors.push({
      path: 'occurredAt',
      message: `is more than ${settings.maxFutureMs / 1000} s in the future after clock-skew correction (${isoOrRaw(corrected)})`,
    });
  } else if (corrected < receivedAt.getTime() - settings.maxPastMs) {
    errors.push({
      path: 'occurredAt',
      message: `is more than ${Math.round(settings.maxPastMs / 86_400_000)} days in the past (${isoOrRaw(corrected)})`,
    });
  }
  if (errors.length > 0) return reject(errors);

  event.occurredAt = isoOf(corrected);
  if (sent !== undefined && !isCanonicalUtc(event.sentAt ?? '')) event.sentAt = isoOf(sent);
  return { ok: true, event };
}

// toISOString is a visible share of the per-event cost, and a batch shares one receivedAt
// (and usually one sentAt), so the last answer is kept.
let lastMs = Number.NaN;
let lastIso = '';
function isoOf(ms: number): string {
  if (ms !== lastMs) {
    lastIso = new Date(ms).toISOString();
    lastMs = ms;
  }
  return lastIso;
}

// A validated time already in toISOString's own form (e.g. 2025-06-18T12:31:10.000Z) is kept as is.
const isCanonicalUtc = (time: string) =>
  time.length === 24 && time.charCodeAt(23) === 90 /* Z */ && time.charCodeAt(19) === 46; /* . */

// Dates beyond ±275,760 years have no ISO form.
function isoOrRaw(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15
    ? new Date(ms).toISOString()
    : `${ms} ms since the epoch`;
}

function validateEventErrors(input: unknown): ValidationError[] {
  const result = validateEvent(input);
  return result.ok ? [] : result.errors;
}
