import type { DownstreamEventOf } from '@omni/contracts';
import type { OutboxMessage } from '@omni/messaging';
import type { EntryCause } from '../points/points-events';
import type { TierChange } from './tier-changes.repository';
import type { TierBenefits } from './tier-rules';

/** customer.tier-changed for one audited change, with the benefits of the tier it moved to. */
export function tierChangedMessage(
  topic: string,
  change: TierChange,
  benefits: TierBenefits,
  cause: EntryCause,
): OutboxMessage {
  const event: DownstreamEventOf<'customer.tier-changed', 1> = {
    eventId: `crm-tier-${change.changeId}`,
    type: 'customer.tier-changed',
    version: 1,
    occurredAt: change.occurredAt.toISOString(),
    identifiers: {},
    customerId: change.customerId,
    correlationId: cause.correlationId,
    causationId: cause.causationId,
    payload: {
      ...(change.previousTier === null ? {} : { previousTier: change.previousTier }),
      tier: change.tier,
      reason: change.reason,
      benefits,
    },
  };
  return { topic, key: change.customerId, value: event };
}
