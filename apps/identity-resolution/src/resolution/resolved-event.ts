import { HEADERS, type EventEnvelope } from '@omni/contracts';
import type { OutboxMessage } from '@omni/messaging';
import type { Resolution } from '../graph/identity-resolver.service';

/** The original envelope plus customerId and profile version, keyed by the customerId. */
export function resolvedEventMessage(
  topic: string,
  event: EventEnvelope,
  resolution: Resolution | undefined,
  fallbackKey: string,
): OutboxMessage {
  const value = {
    ...event,
    ...(resolution === undefined
      ? {}
      : { customerId: resolution.customerId, profileVersion: resolution.profileVersion }),
    correlationId: event.eventId,
    causationId: event.eventId,
  };
  return {
    topic,
    key: resolution?.customerId ?? fallbackKey,
    value,
    headers: { [HEADERS.eventType]: event.type, [HEADERS.eventVersion]: String(event.version) },
  };
}
