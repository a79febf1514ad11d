import { randomUUID } from 'node:crypto';
import { HEADERS } from '@omni/contracts';
import type { OutboxMessage } from '@omni/messaging';
import type { ProfileChangeRecord } from './profile.repository';

export type ProfileChange =
  | {
      type: 'profile.merged';
      customerId: string;
      payload: { survivorId: string; mergedIds: string[]; version: number };
    }
  | {
      type: 'profile.split';
      customerId: string;
      payload: SplitPayload | SplitPartPayload;
    }
  | {
      type: 'profile.erased';
      customerId: string;
      payload: { customerId: string; version: number };
    };

type SplitPayload = { fromId: string; newIds: string[]; version: number };

/** One part of a split's event-key moves (profile.split v2). */
type SplitPartPayload = SplitPayload & {
  part: number;
  parts: number;
  moves: { customerId: string; eventKeys: string[] }[];
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
  version = 1,
): OutboxMessage {
  return {
    topic,
    key: change.customerId,
    value: {
      eventId: randomUUID(),
      type: change.type,
      version,
      occurredAt: new Date().toISOString(),
      identifiers: {},
      customerId: change.customerId,
      correlationId,
      causationId,
      payload: change.payload,
    },
    headers: { [HEADERS.eventType]: change.type, [HEADERS.eventVersion]: String(version) },
  };
}

/** The bytes of event keys one profile.split v2 message carries, well under MAX_EVENT_BYTES. */
export const SPLIT_KEYS_BYTES_PER_PART = 192 * 1024;

/**
 * The profile.split v2 messages of a split: the moved event keys in parts, each under the event
 * size limit, all keyed by fromId so that they stay in order behind the split's earlier changes.
 * A split that moved no events is one part with empty moves.
 */
export function profileSplitMessages(
  topic: string,
  split: { payload: SplitPayload; moved: ReadonlyMap<string, string[]> },
  causationId: string,
): OutboxMessage[] {
  const parts: { customerId: string; eventKeys: string[] }[][] = [[]];
  let bytes = 0;
  const fromId = split.payload.fromId;
  for (const [customerId, keys] of split.moved)
    for (const key of keys) {
      // As serialised: quoted, escaped and followed by a comma.
      const size = Buffer.byteLength(JSON.stringify(key)) + 1;
      if (bytes + size > SPLIT_KEYS_BYTES_PER_PART && bytes > 0) {
        parts.push([]);
        bytes = 0;
      }
      const part = parts[parts.length - 1];
      let move = part.at(-1);
      if (move?.customerId !== customerId) {
        move = { customerId, eventKeys: [] };
        part.push(move);
      }
      move.eventKeys.push(key);
      bytes += size;
    }
  return parts.map((moves, index) =>
    profileChangeMessage(
      topic,
      {
        type: 'profile.split',
        customerId: fromId,
        payload: { ...split.payload, part: index + 1, parts: parts.length, moves },
      },
      causationId,
      causationId,
      2,
    ),
  );
}
