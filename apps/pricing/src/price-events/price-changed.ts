import { HEADERS, TIERS } from '@omni/contracts';
import type { OutboxMessage } from '@omni/messaging';
import type { HistoryRow } from '../history/history.repository';

export type PriceChangeCause = {
  /** Why, for the event's reason (at most 500 characters are sent). */
  reason: string;
  /** The operation that caused it: a publication, an archive, a rule result. */
  correlationId: string;
  priceListId?: string;
  ruleId?: string;
};

const isTier = (group: string): boolean => (TIERS as readonly string[]).includes(group);

/**
 * A pricing event about one appended history point, keyed by SKU; its id is the point's, so it
 * is unique. `prices` are the amounts it carries; `after` what follows the cause's ids.
 */
function priceMessage(
  type: 'price.changed' | 'price.withdrawn',
  topic: string,
  row: HistoryRow,
  cause: PriceChangeCause & { priceListId?: string },
  occurredAt: Date,
  prices: Record<string, unknown>,
  after: Record<string, unknown> = {},
): OutboxMessage {
  const group = row.customerGroup;
  return {
    topic,
    key: row.sku,
    headers: { [HEADERS.eventType]: type, [HEADERS.eventVersion]: '1' },
    value: {
      eventId: `${type.replace('.', '-')}-${row.id}`,
      type,
      version: 1,
      occurredAt: occurredAt.toISOString(),
      channel: row.channel,
      identifiers: {},
      correlationId: cause.correlationId,
      causationId: cause.correlationId,
      payload: {
        sku: row.sku,
        channel: row.channel,
        currency: row.currency,
        ...(group === '' ? {} : isTier(group) ? { tier: group } : { segment: group }),
        ...(row.country === '' ? {} : { country: row.country }),
        ...prices,
        validFrom: row.effectiveFrom.toISOString(),
        reason: cause.reason.slice(0, 500),
        ...(cause.priceListId === undefined ? {} : { priceListId: cause.priceListId }),
        ...(cause.ruleId === undefined ? {} : { ruleId: cause.ruleId }),
        ...after,
      },
    },
  };
}

/** price.changed for one appended history point, with its reference price during a reduction. */
export function priceChangedMessage(
  topic: string,
  row: HistoryRow & { amount: number },
  cause: PriceChangeCause & { priceListId?: string },
  occurredAt: Date,
): OutboxMessage {
  const money = (amount: number) => ({ amount, currency: row.currency });
  return priceMessage(
    'price.changed',
    topic,
    row,
    cause,
    occurredAt,
    {
      ...(row.previousAmount === null ? {} : { oldPrice: money(row.previousAmount) }),
      newPrice: money(row.amount),
    },
    row.referenceAmount === null || row.reductionStartedAt === null
      ? {}
      : {
          referencePrice: money(row.referenceAmount),
          reductionStartedAt: row.reductionStartedAt.toISOString(),
        },
  );
}

/**
 * price.withdrawn for an appended point without an amount after one with: no price applies to
 * the scope from then on, so a read model built from price.changed drops the price it kept.
 */
export function priceWithdrawnMessage(
  topic: string,
  row: HistoryRow & { previousAmount: number },
  cause: PriceChangeCause & { priceListId?: string },
  occurredAt: Date,
): OutboxMessage {
  return priceMessage('price.withdrawn', topic, row, cause, occurredAt, {
    oldPrice: { amount: row.previousAmount, currency: row.currency },
  });
}
