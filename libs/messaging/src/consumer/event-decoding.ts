import { eventDedupeKey, eventIdLengthProblem } from '@omni/contracts';
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

/**
 * The default inbox key: the envelope's `eventId` (within the contracts' length limit),
 * qualified by its `connectorId` when it has one, since ingest accepts an eventId once per
 * connector and two connectors may use the same one.
 */
export function envelopeEventId(value: unknown): string {
  const envelope = typeof value === 'object' && value !== null ? value : {};
  const eventId = 'eventId' in envelope ? envelope.eventId : undefined;
  if (typeof eventId !== 'string' || eventId.length === 0) {
    throw new UndecodableMessageError('value has no eventId string');
  }
  const tooLong = eventIdLengthProblem(eventId);
  if (tooLong !== undefined) throw new UndecodableMessageError(`eventId: ${tooLong}`);
  const connectorId = 'connectorId' in envelope ? envelope.connectorId : undefined;
  return eventDedupeKey({
    eventId,
    connectorId: typeof connectorId === 'string' ? connectorId : undefined,
  });
}
