import { validateEvent, type Channel, type EventEnvelope, type ValidationError } from '@omni/contracts';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

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
export function normaliseEvent(input: unknown, sender: Sender, receivedAt: Date, settings: NormaliseSettings): Normalised {
  if (!isObject(input)) return { ok: false, errors: validateEventErrors(input) };
  const eventId = shortString(input.eventId);
  const type = shortString(input.type);
  const reject = (errors: ValidationError[]): Normalised => ({ ok: false, errors, eventId, type });

  if (input.connectorId !== undefined && input.connectorId !== sender.connectorId) {
    return reject([{ path: 'connectorId', message: `does not match the connector of the key (${sender.connectorId}); leave it out, ingest sets it` }]);
  }
  const prepared: Mutable = { ...input, connectorId: sender.connectorId, receivedAt: receivedAt.toISOString() };
  if (isObject(input.identifiers)) prepared.identifiers = cleanIdentifiers(input.identifiers);

  const result = validateEvent(prepared);
  if (!result.ok) return reject(result.errors);
  const event = result.event;
  const errors: ValidationError[] = [];

  if (!sender.channels.includes(event.channel)) {
    errors.push({ path: 'channel', message: `connector ${sender.connectorId} is not registered for channel ${event.channel}; registered: ${sender.channels.join(', ')}` });
  }
  if (event.identifiers.phone !== undefined) {
    const phone = parsePhoneNumberFromString(event.identifiers.phone, settings.defaultPhoneRegion as CountryCode);
    if (phone?.isValid()) event.identifiers.phone = phone.number;
    else errors.push({ path: 'identifiers.phone', message: `is not a valid phone number (default region ${settings.defaultPhoneRegion}); send E.164, e.g. +8613800138000` });
  }
  const occurred = Date.parse(event.occurredAt);
  const sent = event.sentAt === undefined ? undefined : Date.parse(event.sentAt);
  const corrected = sent === undefined ? occurred : occurred + (receivedAt.getTime() - sent);
  if (corrected > receivedAt.getTime() + settings.maxFutureMs) {
    errors.push({ path: 'occurredAt', message: `is more than ${settings.maxFutureMs / 1000} s in the future after clock-skew correction (${isoOrRaw(corrected)})` });
  } else if (corrected < receivedAt.getTime() - settings.maxPastMs) {
    errors.push({ path: 'occurredAt', message: `is more than ${Math.round(settings.maxPastMs / 86_400_000)} days in the past (${isoOrRaw(corrected)})` });
  }
  if (errors.length > 0) return reject(errors);

  event.occurredAt = new Date(corrected).toISOString();
  if (sent !== undefined) event.sentAt = new Date(sent).toISOString();
  return { ok: true, event };
}

// Dates beyond ±275,760 years have no ISO form.
function isoOrRaw(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : `${ms} ms since the epoch`;
}

function validateEventErrors(input: unknown): ValidationError[] {
  const result = validateEvent(input);
  return result.ok ? [] : result.errors;
}
