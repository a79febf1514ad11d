import { randomUUID } from 'node:crypto';
import { HEADERS } from '@omni/contracts';
import type { OutboxMessage } from '@omni/messaging';
import type { ProfileChangeRecord } from './graph.repository';

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

/** The audit record and the event of a merge that resolution made on its own. */
export function automaticMerge(
  survivorId: string,
  mergedIds: string[],
  version: number,
  sourceEventId: string,
): { record: ProfileChangeRecord; change: ProfileChange } {
  return {
    record: {
      customerId: survivorId,
      kind: 'merged',
      relatedIds: mergedIds,
      version,
      origin: 'automatic',
      actor: null,
      reason: 'identifiers seen together on one event',
      sourceEventId,
    },
    change: {
      type: 'profile.merged',
      customerId: survivorId,
      payload: { survivorId, mergedIds, version },
    },
  };
}

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
