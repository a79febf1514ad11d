import { randomUUID } from 'node:crypto';
import { HEADERS } from '@omni/contracts';
import type { OutboxMessage } from '@omni/messaging';

export type ProfileChange =
  | {
      type: 'profile.merged';
      customerId: string;
      payload: { survivorId: string; mergedIds: string[]; version: number };
    }
  | {
      type: 'profile.split';
      customerId: string;
      payload: { fromId: string; newIds: string[]; version: number };
    }
  | {
      type: 'profile.erased';
      customerId: string;
      payload: { customerId: string; version: number };
    };

/** The outbox message of a merge, split or erasure, keyed by the changed profile's customerId. */
export function profileChangeMessage(
  topic: string,
  change: ProfileChange,
  causationId: string,
  correlationId = causationId,
): OutboxMessage {
  return {
    topic,
    key: change.customerId,
    value: {
      eventId: randomUUID(),
      type: change.type,
      version: 1,
      occurredAt: new Date().toISOString(),
      identifiers: {},
      customerId: change.customerId,
      correlationId,
      causationId,
      payload: change.payload,
    },
    headers: { [HEADERS.eventType]: change.type, [HEADERS.eventVersion]: '1' },
  };
}
