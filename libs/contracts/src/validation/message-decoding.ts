import type { DownstreamEventEnvelope } from '../events/event-registry';
import { EventValidationError, parseDownstreamEvent } from './event-validator';

const utf8 = new TextDecoder('utf-8', { fatal: false });

/**
 * Decodes a Kafka message of a topic after ingest (identity.resolved-events.v1,
 * identity.profile-changes.v1, …): its value as JSON, read tolerantly as a downstream event.
 * The one decoder every handler of such a topic passes to `@EventHandler({ decode })`, so
 * handlers sharing a consumer group agree on it. Throws EventValidationError.
 */
export function decodeDownstreamMessage(raw: {
  value: Uint8Array | null;
}): DownstreamEventEnvelope {
  if (raw.value === null) {
    throw new EventValidationError([
      { path: '(root)', message: 'message has no value (tombstone)' },
    ]);
  }
  let json: unknown;
  try {
    json = JSON.parse(utf8.decode(raw.value));
  } catch (error) {
    throw new EventValidationError([
      {
        path: '(root)',
        message: `value is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
      },
    ]);
  }
  return parseDownstreamEvent(json);
}
