import {
  eventDedupeKey,
  type DownstreamEventEnvelope,
  type DownstreamEventOf,
} from '@omni/contracts';
import type { ConsumedEvent } from './consumed-event';

/** The key profile.split v2 lists the events of a moved part by. */
export const sourceEventKey = (envelope: DownstreamEventEnvelope): string =>
  eventDedupeKey({
    eventId: envelope.eventId,
    connectorId: 'connectorId' in envelope ? envelope.connectorId : undefined,
  });

export type ProfileChange =
  | { kind: 'merged'; survivorId: string; mergedIds: string[]; eventKey: string }
  | {
      kind: 'split';
      fromId: string;
      moves: { customerId: string; eventKeys: string[] }[];
      eventKey: string;
    }
  | { kind: 'erased'; customerId: string; eventKey: string };

/** What a message of identity.profile-changes.v1 asks a holder of per-customer data to do. */
export function profileChangeOf(envelope: DownstreamEventEnvelope): ProfileChange | undefined {
  const eventKey = sourceEventKey(envelope);
  switch (envelope.type) {
    case 'profile.merged': {
      const { survivorId, mergedIds } = (envelope as DownstreamEventOf<'profile.merged'>).payload;
      return { kind: 'merged', survivorId, mergedIds, eventKey };
    }
    case 'profile.split': {
      // v1 names no events, so nothing moves; v2 lists each new profile's events.
      const payload = (envelope as DownstreamEventOf<'profile.split'>).payload;
      return {
        kind: 'split',
        fromId: payload.fromId,
        moves: 'moves' in payload ? payload.moves : [],
        eventKey,
      };
    }
    case 'profile.erased': {
      const { customerId } = (envelope as DownstreamEventOf<'profile.erased'>).payload;
      return { kind: 'erased', customerId, eventKey };
    }
    default:
      return undefined;
  }
}

/** What a holder of per-customer data does with each kind of identity profile change. */
export type ProfileChangeHandlers<Tx> = {
  merged(tx: Tx, event: DownstreamEventOf<'profile.merged'>): Promise<void>;
  split(tx: Tx, event: DownstreamEventOf<'profile.split'>): Promise<void>;
  erased(tx: Tx, event: DownstreamEventOf<'profile.erased'>): Promise<void>;
};

/**
 * Hands each profile change of a batch (decoded with `decodeDownstreamMessage`), in order, to
 * its handler, in the batch's transaction; other event types are skipped.
 */
export async function applyProfileChanges<Tx>(
  events: readonly ConsumedEvent<DownstreamEventEnvelope>[],
  tx: Tx,
  handlers: ProfileChangeHandlers<Tx>,
): Promise<void> {
  for (const { value: event } of events) {
    if (event.type === 'profile.merged') await handlers.merged(tx, event);
    else if (event.type === 'profile.split') await handlers.split(tx, event);
    else if (event.type === 'profile.erased') await handlers.erased(tx, event);
  }
}
