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

export function redemptionReleasedMessage(
  topic: string,
  row: RedemptionRow,
  reason: 'order-cancelled' | 'order-refunded',
  cause: Cause,
): OutboxMessage {
  return {
    topic,
    key: cause.customerId,
    headers: { [HEADERS.eventType]: 'redemption.released', [HEADERS.eventVersion]: '1' },
    value: {
      ...envelope('redemption.released', `redemption-released-${row.id}`, cause),
      payload: {
        redemptionId: row.id,
        orderId: row.orderId,
        campaignId: row.campaignId,
        ...(row.couponCode === null ? {} : { couponCode: row.couponCode }),
        reason,
      },
    },
  };
}
