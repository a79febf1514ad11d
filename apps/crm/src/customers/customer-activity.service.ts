import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { eventDedupeKey, type DownstreamEventEnvelope } from '@omni/contracts';
import { Outbox } from '@omni/messaging';
import { SERVICE_CONFIG } from '@omni/platform';
import type { EntityManager } from 'typeorm';
import type { CrmConfig } from '../config/crm-config';
import type { EntryCause } from '../points/points-events';
import { PointsRepository } from '../points/points.repository';
import { PointsService } from '../points/points.service';
import { TiersService } from '../tiers/tiers.service';
import { CustomerProfilesRepository } from './customer-profiles.repository';
import { CustomersRepository, type CustomerFact } from './customers.repository';
import { EFFECTFUL, LoyaltyBatch, orderKey, QUALIFYING } from './loyalty-batch';

const DAY_MS = 86_400_000;

const PROFILE_CHANGES = new Set(['profile.merged', 'profile.split', 'profile.erased']);

const causeOf = (event: DownstreamEventEnvelope): EntryCause => ({
  correlationId: event.correlationId,
  causationId: event.eventId,
});

/**
 * Applies the resolved events of customers, a batch at a time, in the inbox transaction:
 * records each event's fact (the profile is folded from facts), then earns, reverses or
 * upgrades with the batch's customers locked, so it serialises with their redemptions.
 */
@Injectable()
export class CustomerActivityService {
  private readonly topic: string;

  constructor(
    @Inject(SERVICE_CONFIG) config: CrmConfig,
    private readonly customers: CustomersRepository,
    private readonly points: PointsService,
    private readonly pointsData: PointsRepository,
    private readonly tiers: TiersService,
    private readonly profiles: CustomerProfilesRepository,
    private readonly outbox: Outbox,
  ) {
    this.topic = config.topics.customerChanges;
  }

  apply(event: DownstreamEventEnvelope, tx: EntityManager): Promise<void> {
    return this.applyMany([event], tx);
  }

  /**
   * A batch: erased ids and new customers are looked up and created in bulk, events that only
   * add a fact (browsing, carts, …: most traffic) are written in one statement, and the events
   * that move points or tiers are applied together (see applyEffectful).
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
    await this.tiers.assignFirstMany(
      tx,
      created.map((customerId) => {
        const event = firstSeen.get(customerId) as DownstreamEventEnvelope;
        return { customerId, at: new Date(event.occurredAt), cause: causeOf(event) };
      }),
    );
    const plain = live
      .filter((event) => !EFFECTFUL.has(event.type))
      .map((event) => factOf(event, event.customerId));
    const recorded = await this.customers.insertFacts(tx, plain);
    const effectful = await this.applyEffectful(
      tx,
      live.filter((event) => EFFECTFUL.has(event.type)),
    );
    await this.profiles.addFacts(
      tx,
      [...plain.filter((fact) => recorded.delete(fact.eventKey)), ...effectful],
      new Set(created),
    );
  }

  /**
   * The events that move points or tiers, in a fixed number of statements whatever their
   * count: the customers locked in one, what their decisions read in three, their facts
   * recorded in one (a fact already held means a redelivery, which applies nothing), then every
   * lot, ledger entry, tier point and tier decision worked out in memory in event order
   * (LoyaltyBatch) and written with multi-row statements, outbox rows included.
   */
  private async applyEffectful(
    tx: EntityManager,
    events: readonly (DownstreamEventEnvelope & { customerId: string })[],
  ): Promise<CustomerFact[]> {
    if (events.length === 0) return [];
    const locked = await this.customers.lockMany(
      tx,
      [...new Set(events.map((event) => event.customerId))].sort(),
    );
    const held = events
      .filter((event) => locked.has(event.customerId))
      .map((event) => ({ fact: factOf(event, event.customerId), cause: causeOf(event) }));
    if (held.length === 0) return [];
    const customerIds = [...locked.keys()];
    const orders = new Map<string, { customerId: string; orderId: string }>();
    const windows = new Map<string, { customerId: string; from: Date; to: Date }>();
    const windowMs = this.tiers.settings.windowDays * DAY_MS;
    for (const { fact } of held) {
      if (fact.orderId !== null) {
        orders.set(orderKey(fact.customerId, fact.orderId), {
          customerId: fact.customerId,
          orderId: fact.orderId,
        });
      }
      if (!QUALIFYING.has(fact.type)) continue;
      const from = new Date(fact.occurredAt.getTime() - windowMs);
      const window = windows.get(fact.customerId);
      if (window === undefined)
        windows.set(fact.customerId, { customerId: fact.customerId, from, to: fact.occurredAt });
      else {
        if (from < window.from) window.from = from;
        if (fact.occurredAt > window.to) window.to = fact.occurredAt;
      }
    }
    const orderList = [...orders.values()];
    const windowList = [...windows.values()];
    const facts = await this.customers.loyaltyFacts(tx, orderList, windowList, [...QUALIFYING]);
    const tierPoints = await this.pointsData.tierPointsForBatch(tx, orderList, windowList);
    const lots = await this.pointsData.lotsForBatch(tx, customerIds, orderList);
    const ledger = await this.pointsData.ledgerForBatch(tx, customerIds, orderList);
    const recorded = await this.customers.insertFacts(
      tx,
      held.map(({ fact }) => fact),
    );
    const batch = new LoyaltyBatch(
      {
        customers: locked,
        facts,
        tierPoints,
        lots,
        reversed: new Map(
          ledger.reversed.map((r) => [orderKey(r.customerId, r.orderId), r.points]),
        ),
        balances: ledger.balances,
      },
      {
        points: this.points.settings,
        tiers: this.tiers.settings,
        topic: this.topic,
        tierChanged: (change, cause) => this.tiers.message(change, cause),
        newId: randomUUID,
      },
    );
    const applied: CustomerFact[] = [];
    for (const { fact, cause } of held) {
      // Only the first of a batch's copies of one event applies, and none already held.
      if (!recorded.delete(fact.eventKey)) continue;
      batch.apply(fact, cause);
      applied.push(fact);
    }
    const writes = batch.result();
    await this.pointsData.addTierPointsMany(tx, writes.tierPoints);
    await this.pointsData.insertLots(tx, writes.lots);
    await this.pointsData.takeFromLots(tx, writes.takes);
    await this.pointsData.insertEntries(tx, writes.entries);
    await this.tiers.audit(tx, writes.tierChanges);
    await this.customers.setTiers(tx, writes.tiers);
    await this.outbox.enqueueMany(tx, writes.outbox);
    return applied;
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
