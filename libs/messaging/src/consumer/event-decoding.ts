import type { RawMessage } from './consumed-event';

/**
 * Thrown (by a decoder, or by a handler) when a message can never be processed; it goes to
 * the DLT without retries.
 */
export class UndecodableMessageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UndecodableMessageError';
  }
}

/** The default decoder: the value must be JSON. */
export function decodeJson(raw: RawMessage): unknown {
  if (raw.value === null) throw new UndecodableMessageError('message has no value (tombstone)');
  try {
    return JSON.parse(raw.value.toString('utf8'));
  } catch (error) {
    throw new UndecodableMessageError(
      `value is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

const MAX_EVENT_ID_LENGTH = 128;

/** The default event id: the envelope's `eventId`, a string of at most 128 characters. */
export function envelopeEventId(value: unknown): string {
  const eventId =
    typeof value === 'object' && value !== null && 'eventId' in value ? value.eventId : undefined;
  if (typeof eventId !== 'string' || eventId.length === 0) {
    throw new UndecodableMessageError('value has no eventId string');
  }
  if (eventId.length > MAX_EVENT_ID_LENGTH) {
    throw new UndecodableMessageError(`eventId is longer than ${MAX_EVENT_ID_LENGTH} characters`);
  }
  return eventId;
}
