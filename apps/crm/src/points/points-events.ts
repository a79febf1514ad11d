import type { DownstreamEventOf } from '@omni/contracts';
import type { OutboxMessage } from '@omni/messaging';
import type { LedgerEntry } from './points.repository';

/** Why an entry was written, carried as the event's correlation and causation. */
export type EntryCause = { correlationId: string; causationId: string };

/** customer.points-changed for one ledger entry; balance is the customer's ledger sum after it. */
export function pointsChangedMessage(
  topic: string,
  entry: LedgerEntry,
  balance: number,
  tierQualifying: boolean,
  cause: EntryCause,
): OutboxMessage {
  const event: DownstreamEventOf<'customer.points-changed', 1> = {
    eventId: `crm-pts-${entry.entryId}`,
    type: 'customer.points-changed',
    version: 1,
    occurredAt: entry.occurredAt.toISOString(),
    identifiers: {},
    customerId: entry.customerId,
    correlationId: cause.correlationId,
    causationId: cause.causationId,
    payload: {
      entryId: entry.entryId,
      entryType: entry.entryType,
      delta: entry.delta,
      balance: Math.max(0, balance),
      ...(balance < 0 ? { owed: -balance } : {}),
      tierQualifying,
      ...(entry.orderId === null ? {} : { orderId: entry.orderId }),
    },
  };
  return { topic, key: entry.customerId, value: event };
}
