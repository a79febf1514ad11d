import { eventDedupeKey, type DownstreamEventEnvelope } from '@omni/contracts';

/** Counters of one KPI bucket, as stored in kpi_buckets. */
export const BUCKET_COUNTERS = [
  'events',
  'pageViews',
  'productViews',
  'searches',
  'cartAdds',
  'checkouts',
  'orders',
  'gmv',
  'discounts',
  'otherCurrencyOrders',
  'refunds',
  'refunded',
  'cancellations',
  'cancelled',
  'touches',
  'clicks',
  'negativeReviews',
  'csatAnswers',
  'csatSatisfied',
  'csatScoreSum',
  'serviceContacts',
] as const;
export type BucketCounter = (typeof BUCKET_COUNTERS)[number];
export type CounterDeltas = Partial<Record<BucketCounter, number>>;

export type Grain = 'hour' | 'day';
export const GRAINS: readonly Grain[] = ['hour', 'day'];

/** Where a measure lands: a grain, the UTC start of its bucket, a channel and a campaign ('' for none). */
export type BucketKey = {
  grain: Grain;
  bucketStart: Date;
  channel: string;
  campaignId: string;
};

/** Visitors, buyers, CSAT respondents and customers who contacted service, per bucket. */
export type CustomerRole = 'visitor' | 'buyer' | 'respondent' | 'contact';

/** What reporting keeps of one event of a customer. */
export type EventFact = {
  eventKey: string;
  customerId: string;
  type: string;
  channel: string;
  campaignId: string;
  occurredAt: Date;
  orderId: string | null;
  properties: Record<string, unknown>;
  experiments: Record<string, string> | null;
};

export type Money = { amount: number; currency: string };

/** A fact and what it adds on top of being stored, by type. */
export type ClassifiedEvent = EventFact &
  (
    | { kind: 'traffic'; counter: BucketCounter | null }
    | { kind: 'order'; orderId: string; total: Money; discount: number }
    | { kind: 'refund'; orderId: string; amount: Money }
    | { kind: 'cancellation'; orderId: string }
    | {
        kind: 'touch';
        touchType: string;
        source: string | null;
        medium: string | null;
        hasCost: boolean;
      }
    | { kind: 'other' }
  );

export type SpendFact = {
  eventKey: string;
  date: string;
  channel: string;
  campaignId: string;
  cost: Money;
  occurredAt: Date;
};

/** Event types that make their customer a visitor of the bucket (traffic, not ads or feedback). */
export const VISIT_TYPES: ReadonlySet<string> = new Set([
  'page.viewed',
  'product.viewed',
  'search.performed',
  'cart.item-added',
  'cart.item-removed',
  'checkout.started',
  'order.placed',
  'store.visited',
]);

const TRAFFIC_COUNTERS: Readonly<Record<string, BucketCounter>> = {
  'page.viewed': 'pageViews',
  'product.viewed': 'productViews',
  'search.performed': 'searches',
  'cart.item-added': 'cartAdds',
  'checkout.started': 'checkouts',
};

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** The UTC start of the bucket of the instant `atMs` in `grain`, in epoch milliseconds. */
export function bucketStartMs(atMs: number, grain: Grain): number {
  const size = grain === 'hour' ? HOUR_MS : DAY_MS;
  return Math.floor(atMs / size) * size;
}

function experimentsOf(context: unknown): Record<string, string> | null {
  if (typeof context !== 'object' || context === null) return null;
  const experiments = (context as { experiments?: unknown }).experiments;
  if (typeof experiments !== 'object' || experiments === null || Array.isArray(experiments))
    return null;
  const entries = Object.entries(experiments).filter(
    (entry): entry is [string, string] =>
      entry[0].length > 0 && entry[0].length <= 128 && typeof entry[1] === 'string',
  );
  return entries.length === 0 ? null : Object.fromEntries(entries);
}

/**
 * What one resolved event means to reporting: a fact of its customer (with what it adds to the
 * buckets) or a spend figure; undefined for what reporting does not keep (feeds without a
 * customer, service events).
 */
export function classify(event: DownstreamEventEnvelope): ClassifiedEvent | SpendFact | undefined {
  const eventKey = eventDedupeKey(event);
  const occurredAt = new Date(event.occurredAt);
  const channel = event.channel ?? 'unknown';
  if (event.type === 'marketing.spend') {
    return {
      eventKey,
      date: event.payload.date,
      channel,
      campaignId: event.payload.campaignId,
      cost: event.payload.cost,
      occurredAt,
    };
  }
  const customerId = event.customerId;
  if (customerId === undefined) return undefined;
  const fact: EventFact = {
    eventKey,
    customerId,
    type: event.type,
    channel,
    campaignId: event.context?.campaign?.id ?? '',
    occurredAt,
    orderId: null,
    properties: event.payload as Record<string, unknown>,
    experiments: experimentsOf(event.context),
  };
  switch (event.type) {
    case 'order.placed':
      return {
        ...fact,
        orderId: event.payload.orderId,
        kind: 'order',
        total: event.payload.total,
        discount:
          event.payload.discount?.currency === event.payload.total.currency
            ? event.payload.discount.amount
            : 0,
      };
    case 'order.refunded':
      return {
        ...fact,
        orderId: event.payload.orderId,
        kind: 'refund',
        amount: event.payload.amount,
      };
    case 'order.cancelled':
      return { ...fact, orderId: event.payload.orderId, kind: 'cancellation' };
    case 'marketing.touch':
      return {
        ...fact,
        campaignId: event.payload.campaignId,
        kind: 'touch',
        touchType: event.payload.touchType,
        source: event.payload.source ?? null,
        medium: event.payload.medium ?? null,
        hasCost: event.payload.cost !== undefined && event.payload.cost.amount > 0,
      };
    default:
      if (VISIT_TYPES.has(event.type) || event.type in TRAFFIC_COUNTERS) {
        return { ...fact, kind: 'traffic', counter: TRAFFIC_COUNTERS[event.type] ?? null };
      }
      return { ...fact, kind: 'other' };
  }
}

export const isSpend = (value: ClassifiedEvent | SpendFact): value is SpendFact =>
  !('customerId' in value);
