import type { z } from 'zod';
import type {
  EventEnvelopeFields,
  ResolvedChannelEventFields,
  ResolvedReferenceEventFields,
  ServiceEventFields,
} from '../envelope/envelope.schema';
import { pageViewedV1 } from './browsing/page-viewed.v1.event';
import { productViewedV1 } from './browsing/product-viewed.v1.event';
import { searchPerformedV1 } from './browsing/search-performed.v1.event';
import { cartItemAddedV1 } from './cart/cart-item-added.v1.event';
import { cartItemRemovedV1 } from './cart/cart-item-removed.v1.event';
import { checkoutStartedV1 } from './cart/checkout-started.v1.event';
import { couponClaimedV1 } from './coupons/coupon-claimed.v1.event';
import { customerPointsChangedV1 } from './crm/customer-points-changed.v1.event';
import { customerTierChangedV1 } from './crm/customer-tier-changed.v1.event';
import { customerSegmentChangedV1 } from './crm/customer-segment-changed.v1.event';
import { journeyTriggeredV1 } from './crm/journey-triggered.v1.event';
import { customV1 } from './custom/custom.v1.event';
import { customerConsentUpdatedV1 } from './customer/customer-consent-updated.v1.event';
import { customerIdentifiedV1 } from './customer/customer-identified.v1.event';
import type { EventDefinition, EventKind } from './event-definition';
import { reviewSubmittedV1 } from './feedback/review-submitted.v1.event';
import { serviceContactedV1 } from './feedback/service-contacted.v1.event';
import { surveyAnsweredV1 } from './feedback/survey-answered.v1.event';
import { profileErasedV1 } from './identity/profile-erased.v1.event';
import { profileMergedV1 } from './identity/profile-merged.v1.event';
import { profileSplitV1 } from './identity/profile-split.v1.event';
import { profileSplitV2 } from './identity/profile-split.v2.event';
import { eventRejectedV1 } from './ingest/event-rejected.v1.event';
import { marketingSpendV1 } from './marketing/marketing-spend.v1.event';
import { marketingTouchV1 } from './marketing/marketing-touch.v1.event';
import { orderCancelledV1 } from './orders/order-cancelled.v1.event';
import { orderPaidV1 } from './orders/order-paid.v1.event';
import { orderPlacedV1 } from './orders/order-placed.v1.event';
import { orderFulfilledV1 } from './orders/order-fulfilled.v1.event';
import { orderRefundedV1 } from './orders/order-refunded.v1.event';
import { priceChangedV1 } from './pricing/price-changed.v1.event';
import { priceWithdrawnV1 } from './pricing/price-withdrawn.v1.event';
import { priceConsistencyBreachedV1 } from './pricing/price-consistency-breached.v1.event';
import { offerIssuedV1 } from './promotions/offer-issued.v1.event';
import { redemptionRecordedV1 } from './promotions/redemption-recorded.v1.event';
import { redemptionReleasedV1 } from './promotions/redemption-released.v1.event';
import { competitorPriceObservedV1 } from './reference-feeds/competitor-price-observed.v1.event';
import { inventorySnapshotV1 } from './reference-feeds/inventory-snapshot.v1.event';
import { returnRequestedV1 } from './returns/return-requested.v1.event';
import { alertRaisedV1 } from './reporting/alert-raised.v1.event';
import { channelDecidedV1 } from './reporting/channel-decided.v1.event';
import { storeVisitedV1 } from './store/store-visited.v1.event';

/** Every event type and version Omni knows. A new version is one file plus one line here. */
export const eventDefinitions = [
  pageViewedV1,
  productViewedV1,
  searchPerformedV1,
  cartItemAddedV1,
  cartItemRemovedV1,
  checkoutStartedV1,
  orderPlacedV1,
  orderPaidV1,
  orderCancelledV1,
  orderRefundedV1,
  orderFulfilledV1,
  returnRequestedV1,
  reviewSubmittedV1,
  serviceContactedV1,
  surveyAnsweredV1,
  customerIdentifiedV1,
  customerConsentUpdatedV1,
  storeVisitedV1,
  couponClaimedV1,
  marketingTouchV1,
  marketingSpendV1,
  inventorySnapshotV1,
  competitorPriceObservedV1,
  customV1,
  eventRejectedV1,
  profileMergedV1,
  profileSplitV1,
  profileSplitV2,
  profileErasedV1,
  priceChangedV1,
  priceWithdrawnV1,
  priceConsistencyBreachedV1,
  redemptionRecordedV1,
  redemptionReleasedV1,
  offerIssuedV1,
  customerTierChangedV1,
  customerPointsChangedV1,
  journeyTriggeredV1,
  customerSegmentChangedV1,
  alertRaisedV1,
  channelDecidedV1,
] as const;

type RegisteredDefinition = (typeof eventDefinitions)[number];

export type EventType = RegisteredDefinition['type'];

/** The versions registered for one event type. */
export type VersionOf<T extends EventType> = Extract<RegisteredDefinition, { type: T }>['version'];

/** The payload of one event type and version. */
export type PayloadOf<T extends EventType, V extends VersionOf<T> = VersionOf<T>> = z.output<
  Extract<RegisteredDefinition, { type: T; version: V }>['payload']
>;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type Typed<D, Fields> =
  D extends EventDefinition<infer T, infer V, EventKind, infer P>
    ? Simplify<Fields & { type: T; version: V; payload: z.output<P> }>
    : never;

type DownstreamFields<K extends EventKind> = K extends 'channel'
  ? ResolvedChannelEventFields
  : K extends 'reference'
    ? ResolvedReferenceEventFields
    : ServiceEventFields;

type AsEvent<D> = D extends { kind: 'service' } ? never : Typed<D, EventEnvelopeFields>;
type AsDownstreamEvent<D> = D extends { kind: infer K extends EventKind }
  ? Typed<D, DownstreamFields<K>>
  : never;

/**
 * An event as channels send it (ingest.raw.v1, ingest.events.v1): a union discriminated by
 * `type` and `version`, so `event.type === 'order.placed' && event.version === 1` narrows
 * the payload.
 */
export type EventEnvelope = AsEvent<RegisteredDefinition>;

/**
 * An event on a topic after ingest: a channel event resolved to a customer, or an event an
 * Omni service emitted. Discriminated by `type` and `version`.
 */
export type DownstreamEventEnvelope = AsDownstreamEvent<RegisteredDefinition>;

/** One member of EventEnvelope, e.g. `EventOf<'order.placed', 1>`. */
export type EventOf<
  T extends EventEnvelope['type'],
  V extends VersionOf<T> = VersionOf<T>,
> = Extract<EventEnvelope, { type: T; version: V }>;

/** One member of DownstreamEventEnvelope, e.g. `DownstreamEventOf<'profile.merged', 1>`. */
export type DownstreamEventOf<T extends EventType, V extends VersionOf<T> = VersionOf<T>> = Extract<
  DownstreamEventEnvelope,
  { type: T; version: V }
>;

const definitionsByType = new Map<string, Map<number, EventDefinition>>();
for (const definition of eventDefinitions) {
  const versions = definitionsByType.get(definition.type) ?? new Map<number, EventDefinition>();
  if (versions.has(definition.version)) {
    throw new Error(`${definition.type} v${definition.version} is registered twice`);
  }
  versions.set(definition.version, definition);
  definitionsByType.set(definition.type, versions);
}

export function findEventDefinition(type: string, version: number): EventDefinition | undefined {
  return definitionsByType.get(type)?.get(version);
}

/** Registered versions of `type`, ascending; empty when the type is unknown. */
export function versionsOf(type: string): number[] {
  return [...(definitionsByType.get(type)?.keys() ?? [])].sort((a, b) => a - b);
}
