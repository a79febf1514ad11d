import { createHash } from 'node:crypto';
import { HEADERS } from '@omni/contracts';
import type { OutboxMessage } from '@omni/messaging';
import type { RedemptionRow } from './redemptions.repository';

type Cause = { customerId: string; correlationId: string; causationId: string; occurredAt: Date };

const envelope = (type: string, eventId: string, cause: Cause) => ({
  eventId,
  type,
  version: 1,
  occurredAt: cause.occurredAt.toISOString(),
  identifiers: {},
  customerId: cause.customerId,
  correlationId: cause.correlationId,
  causationId: cause.causationId,
});

/** redemption.recorded, keyed by customer; its id is the redemption's, so it is unique. */
export function redemptionRecordedMessage(
  topic: string,
  row: RedemptionRow,
  cause: Cause,
  experiment?: { experimentId: string; variant: string },
): OutboxMessage {
  return {
    topic,
    key: cause.customerId,
    headers: { [HEADERS.eventType]: 'redemption.recorded', [HEADERS.eventVersion]: '1' },
    value: {
      ...envelope('redemption.recorded', `redemption-recorded-${row.id}`, cause),
      payload: {
        redemptionId: row.id,
        orderId: row.orderId,
        campaignId: row.campaignId,
        ...(row.promotionId === null ? {} : { promotionId: row.promotionId }),
        ...(row.couponCode === null ? {} : { couponCode: row.couponCode }),
        discount: { amount: row.discount, currency: row.currency },
        ...(experiment === undefined ? {} : { experiment }),
      },
    },
  };
}

/**
 * redemption.released with the money it gave back. A release in whole has one id per
 * redemption; a partial one is identified by its refund, so each refund publishes once.
 */
export function redemptionReleasedMessage(
  topic: string,
  row: RedemptionRow,
  release: {
    reason: 'order-cancelled' | 'order-refunded';
    amount: number;
    complete: boolean;
    /** The refund of a partial release, which makes its event id unique. */
    refundKey?: string;
  },
  cause: Cause,
): OutboxMessage {
  const eventId =
    release.refundKey === undefined
      ? `redemption-released-${row.id}`
      : `redemption-released-${row.id}-${createHash('sha256').update(release.refundKey).digest('hex').slice(0, 24)}`;
  return {
    topic,
    key: cause.customerId,
    headers: { [HEADERS.eventType]: 'redemption.released', [HEADERS.eventVersion]: '1' },
    value: {
      ...envelope('redemption.released', eventId, cause),
      payload: {
        redemptionId: row.id,
        orderId: row.orderId,
        campaignId: row.campaignId,
        ...(row.couponCode === null ? {} : { couponCode: row.couponCode }),
        reason: release.reason,
        amount: { amount: release.amount, currency: row.currency },
        complete: release.complete,
      },
    },
  };
}
