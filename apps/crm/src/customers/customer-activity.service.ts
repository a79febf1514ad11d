import { Injectable } from '@nestjs/common';
import { eventDedupeKey, type DownstreamEventEnvelope } from '@omni/contracts';
import type { EntityManager } from 'typeorm';
import { basePoints, withMultiplier } from '../points/points-rules';
import { PointsService } from '../points/points.service';
import { TiersService } from '../tiers/tiers.service';
import { CustomersRepository, type CustomerFact } from './customers.repository';

/** Event types that count toward a tier and so may upgrade one at once. */
const QUALIFYING = new Set([
  'order.paid',
  'review.submitted',
  'store.visited',
  'service.contacted',
]);

/** Event types that move points or tiers; the others only add a fact. */
const EFFECTFUL = new Set([...QUALIFYING, 'order.refunded', 'order.cancelled']);

const PROFILE_CHANGES = new Set(['profile.merged', 'profile.split', 'profile.erased']);

const causeOf = (event: DownstreamEventEnvelope) => ({
  correlationId: event.correlationId,
  causationId: event.eventId,
});

/**
 * Applies one resolved event of a customer: records its fact (the profile is folded from
 * facts), then earns, reverses or upgrades. Runs in the inbox transaction with the customer's
 * row locked, so it serialises with redemptions of the same customer.
 */
@Injectable()
export class CustomerActivityService {
  constructor(
    private readonly customers: CustomersRepository,
    private readonly points: PointsService,
    private readonly tiers: TiersService,
  ) {}

  apply(event: DownstreamEventEnvelope, tx: EntityManager): Promise<void> {
    return this.applyMany([event], tx);
  }

  /**
   * A batch: erased ids and new customers are looked up and created in bulk, events that only
   * add a fact (browsing, carts, …: most traffic) are written in one statement, and the events
   * that move points or tiers are applied one by one, in order, with the customer locked.
   */
  async applyMany(events: readonly DownstreamEventEnvelope[], tx: EntityManager): Promise<void> {
    const personal = events.filter(
      (event): event is DownstreamEventEnvelope & { customerId: string } =>
        event.customerId !== undefined && !PROFILE_CHANGES.has(event.type),
    );
    if (personal.length === 0) return;
    const erased = await this.customers.erasedAmong(tx, [
      ...new Set(personal.map((event) => event.customerId)),
    ]);
    const live = personal.filter((event) => !erased.has(event.customerId));
    const firstSeen = new Map<string, DownstreamEventEnvelope>();
    for (const event of live) {
      const seen = firstSeen.get(event.customerId);
      if (seen === undefined || Date.parse(event.occurredAt) < Date.parse(seen.occurredAt)) {
        firstSeen.set(event.customerId, event);
      }
    }
    const created = await this.customers.ensureMany(
      tx,
      [...firstSeen].map(([customerId, event]) => ({
        customerId,
        since: new Date(event.occurredAt),
      })),
    );
    for (const customerId of created) {
      const event = firstSeen.get(customerId) as DownstreamEventEnvelope;
      await this.tiers.assignFirst(tx, customerId, new Date(event.occurredAt), causeOf(event));
    }
    await this.customers.insertFacts(
      tx,
      live
        .filter((event) => !EFFECTFUL.has(event.type))
        .map((event) => factOf(event, event.customerId)),
    );
    for (const event of live) {
      if (EFFECTFUL.has(event.type)) await this.applyEffectful(event, event.customerId, tx);
    }
  }

  private async applyEffectful(
    event: DownstreamEventEnvelope,
    customerId: string,
    tx: EntityManager,
  ): Promise<void> {
    const at = new Date(event.occurredAt);
    const cause = causeOf(event);
    const customer = await this.customers.lock(tx, customerId);
    if (customer === undefined) return;
    const fact = factOf(event, customerId);
    if (!(await this.customers.insertFact(tx, fact))) return;
    const { perCurrencyUnit } = this.points.settings;
    switch (event.type) {
      case 'order.paid': {
        const { orderId, amount } = event.payload;
        const earlier = await this.customers.orderFacts(tx, customerId, orderId);
        // A second payment event of one order earns nothing more.
        if (earlier.some((f) => f.type === 'order.paid' && f.eventKey !== fact.eventKey)) break;
        const base = basePoints(amount, perCurrencyUnit);
        await this.points.earn(tx, {
          customerId,
          source: 'order',
          points: withMultiplier(
            base,
            this.tiers.benefitsOf(customer.tier).pointsMultiplierPercent,
          ),
          tierPoints: base,
          orderId,
          eventKey: fact.eventKey,
          earnedAt: at,
          entryType: 'earn',
          reason: null,
          cause,
        });
        // A review that arrived before the payment is verified now.
        if (earlier.some((f) => f.type === 'review.submitted')) {
          const review = earlier.find((f) => f.type === 'review.submitted') as CustomerFact;
          await this.rewardReview(
            tx,
            customerId,
            orderId,
            review.eventKey,
            review.occurredAt,
            cause,
          );
        }
        // Refunds or a cancellation that arrived before the payment apply now.
        for (const undo of earlier.filter(
          (f) => f.type === 'order.refunded' || f.type === 'order.cancelled',
        )) {
          await this.reverse(tx, customerId, undo, amount.amount);
        }
        break;
      }
      case 'order.refunded':
      case 'order.cancelled': {
        const paid = (await this.customers.orderFacts(tx, customerId, fact.orderId as string)).find(
          (f) => f.type === 'order.paid',
        );
        if (paid !== undefined) await this.reverse(tx, customerId, fact, paid.amount ?? 0);
        break;
      }
      case 'review.submitted': {
        const orderId = event.payload.orderId;
        if (orderId === undefined) break;
        const order = await this.customers.orderFacts(tx, customerId, orderId);
        if (order.some((f) => f.type === 'order.paid')) {
          await this.rewardReview(tx, customerId, orderId, fact.eventKey, at, cause);
        }
        break;
      }
    }
    if (QUALIFYING.has(event.type))
      await this.tiers.afterActivity(tx, customerId, customer.tier, at, cause);
  }

  /** Review points for an order the customer paid, once per order. */
  private async rewardReview(
    tx: EntityManager,
    customerId: string,
    orderId: string,
    eventKey: string,
    at: Date,
    cause: { correlationId: string; causationId: string },
  ): Promise<void> {
    const { reviewPoints } = this.points.settings;
    if (reviewPoints === 0 || (await this.points.reviewRewarded(tx, customerId, orderId))) return;
    await this.points.earn(tx, {
      customerId,
      source: 'review',
      points: reviewPoints,
      tierPoints: 0,
      orderId,
      eventKey,
      earnedAt: at,
      entryType: 'earn',
      reason: 'verified review',
      cause,
    });
  }

  private reverse(
    tx: EntityManager,
    customerId: string,
    undo: CustomerFact,
    paid: number,
  ): Promise<void> {
    return this.points.reverseOrder(tx, {
      customerId,
      orderId: undo.orderId as string,
      share: undo.type === 'order.cancelled' ? 'all' : { refunded: undo.amount ?? 0, paid },
      eventKey: undo.eventKey,
      at: undo.occurredAt,
      cause: { correlationId: undo.eventKey, causationId: undo.eventKey },
    });
  }
}

/** What the profile needs of an event; personal details only where the profile shows them. */
function factOf(event: DownstreamEventEnvelope, customerId: string): CustomerFact {
  const base = {
    eventKey: eventDedupeKey(event),
    customerId,
    type: event.type,
    channel: event.channel ?? null,
    occurredAt: new Date(event.occurredAt),
    orderId: null as string | null,
    amount: null as number | null,
    currency: null as string | null,
    data: null as Record<string, unknown> | null,
  };
  switch (event.type) {
    case 'order.placed':
      return { ...base, orderId: event.payload.orderId };
    case 'order.paid':
    case 'order.refunded':
      return {
        ...base,
        orderId: event.payload.orderId,
        amount: event.payload.amount.amount,
        currency: event.payload.amount.currency,
      };
    case 'order.cancelled':
      return { ...base, orderId: event.payload.orderId };
    case 'review.submitted':
      return {
        ...base,
        orderId: event.payload.orderId ?? null,
        data: { reviewId: event.payload.reviewId, rating: event.payload.rating },
      };
    case 'service.contacted':
      return {
        ...base,
        orderId: event.payload.orderId ?? null,
        data: {
          contactId: event.payload.contactId,
          ...(event.payload.medium === undefined ? {} : { medium: event.payload.medium }),
          ...(event.payload.reason === undefined ? {} : { reason: event.payload.reason }),
          ...(event.payload.resolved === undefined ? {} : { resolved: event.payload.resolved }),
          ...(event.payload.satisfaction === undefined
            ? {}
            : { satisfaction: event.payload.satisfaction }),
        },
      };
    case 'store.visited':
      return { ...base, data: { storeId: event.payload.storeId } };
    case 'customer.identified':
      return event.payload.traits === undefined
        ? base
        : { ...base, data: { traits: event.payload.traits } };
    default:
      return base;
  }
}
