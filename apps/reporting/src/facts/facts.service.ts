import { Inject, Injectable } from '@nestjs/common';
import type { DownstreamEventEnvelope } from '@omni/contracts';
import { SERVICE_CONFIG } from '@omni/platform';
import type { EntityManager } from 'typeorm';
import type { ReportingConfig } from '../config/reporting-config';
import { RedemptionDiscountsService } from '../promotions-feed/redemption-discounts.service';
import { RedemptionsRepository } from '../promotions-feed/redemptions.repository';
import { CsatRepository } from '../csat/csat.repository';
import { ratingDeltas, ratingOf, SERVICE_CONTACT } from '../csat/csat-ratings';
import { InventoryFactsRepository } from '../inventory/inventory-facts.repository';
import {
  saleLinesOf,
  snapshotOf,
  type SaleLine,
  type SnapshotFact,
} from '../inventory/inventory-facts';
import { TimelinesRepository } from '../timelines/timelines.repository';
import { TouchTimelinesRepository } from '../timelines/touch-timelines.repository';
import { BucketDeltas } from './bucket-deltas';
import {
  classify,
  isSpend,
  VISIT_TYPES,
  type ClassifiedEvent,
  type SpendFact,
} from './event-facts';
import { FactsRepository, type KnownOrder, type PendingReversal } from './facts.repository';

export type SourcedEvent = {
  event: DownstreamEventEnvelope;
  topic: string;
  partition: number;
};

type Reversal = {
  eventKey: string;
  kind: 'refund' | 'cancellation';
  orderId: string;
  occurredAt: Date;
  amount: { amount: number; currency: string } | null;
};

/**
 * Applies a batch of resolved events in the inbox transaction: stores each customer's facts
 * (orders, touches, exposures, the events and timelines funnels and attribution read) and adds what is new to the KPI
 * buckets of its own event time. An event whose key is already stored adds nothing.
 */
@Injectable()
export class FactsService {
  constructor(
    private readonly facts: FactsRepository,
    private readonly redemptions: RedemptionsRepository,
    private readonly discounts: RedemptionDiscountsService,
    private readonly csat: CsatRepository,
    private readonly inventory: InventoryFactsRepository,
    private readonly timelines: TimelinesRepository,
    private readonly touchTimelines: TouchTimelinesRepository,
    @Inject(SERVICE_CONFIG) private readonly config: ReportingConfig,
  ) {}

  async applyMany(batch: readonly SourcedEvent[], tx: EntityManager): Promise<void> {
    const unique = new Map<string, ClassifiedEvent>();
    const spend: SpendFact[] = [];
    const snapshots: SnapshotFact[] = [];
    for (const { event } of batch) {
      const snapshot = snapshotOf(event);
      if (snapshot !== undefined) snapshots.push(snapshot);
      const classified = classify(event);
      if (classified === undefined) continue;
      if (isSpend(classified)) spend.push(classified);
      else if (!unique.has(classified.eventKey)) unique.set(classified.eventKey, classified);
    }
    // An event resolved before a merge counts for the survivor; one of an erased person is dropped.
    await this.facts.lockIdentity(tx, 'shared');
    // A redemption committed beside its order must see it, or be seen by it.
    await this.redemptions.lockOrders(tx, 'shared');
    const current = await this.facts.currentIds(tx, [
      ...new Set([...unique.values()].map((fact) => fact.customerId)),
    ]);
    for (const [key, fact] of unique) {
      if (!current.has(fact.customerId)) continue;
      const id = current.get(fact.customerId);
      if (id === null || id === undefined) unique.delete(key);
      else unique.set(key, { ...fact, customerId: id });
    }
    await this.facts.upsertSpend(tx, spend);
    await this.inventory.applySnapshots(tx, snapshots);
    const stored = await this.facts.insertEvents(tx, [...unique.values()]);
    const fresh = [...unique.values()].filter((fact) => stored.has(fact.eventKey));
    await this.timelines.append(
      tx,
      fresh.map((f) => ({
        customerId: f.customerId,
        at: f.occurredAt.getTime(),
        type: f.type,
        channel: f.channel,
        campaignId: f.campaignId,
      })),
    );
    const deltas = new BucketDeltas();
    const { currency } = this.config.kpis;

    const newOrders = await this.facts.insertOrders(
      tx,
      fresh
        .flatMap((f) => (f.kind === 'order' ? [f] : []))
        .map((f) => ({
          orderId: f.orderId,
          eventKey: f.eventKey,
          customerId: f.customerId,
          channel: f.channel,
          campaignId: f.campaignId,
          placedAt: f.occurredAt,
          total: f.total,
          discount: f.discount,
        })),
    );

    const ratings = fresh.flatMap((f) => ratingOf(f) ?? []);
    const answered = await this.csat.insertAnswers(tx, ratings);
    // The score of each answer counted now, by its event.
    const scores = new Map(
      ratings.filter((r) => answered.has(r.eventKey)).map((r) => [r.eventKey, r.score]),
    );

    // Units sold per SKU, once per order however many of its events arrive.
    const sales: SaleLine[] = [];
    const sold = new Set<string>();
    for (const f of fresh) {
      if (f.kind !== 'order' || !newOrders.has(f.orderId) || sold.has(f.orderId)) continue;
      sold.add(f.orderId);
      sales.push(...saleLinesOf(f));
    }
    await this.inventory.addSales(tx, sales);

    const counted = new Set(newOrders);
    for (const fact of fresh) {
      const { occurredAt: at, channel, campaignId, customerId } = fact;
      deltas.add(at, channel, campaignId, { events: 1 });
      if (VISIT_TYPES.has(fact.type)) deltas.member(at, channel, campaignId, 'visitor', customerId);
      const score = scores.get(fact.eventKey);
      if (score !== undefined) {
        deltas.add(at, channel, campaignId, ratingDeltas(score));
        deltas.member(at, channel, campaignId, 'respondent', customerId);
      }
      if (fact.type === SERVICE_CONTACT) {
        deltas.add(at, channel, campaignId, { serviceContacts: 1 });
        deltas.member(at, channel, campaignId, 'contact', customerId);
      }
      if (fact.kind === 'traffic' && fact.counter !== null) {
        deltas.add(at, channel, campaignId, { [fact.counter]: 1 });
      } else if (fact.kind === 'touch') {
        deltas.add(at, channel, campaignId, {
          touches: 1,
          clicks: fact.touchType === 'click' ? 1 : 0,
        });
      } else if (
        fact.type === 'review.submitted' &&
        Number(fact.properties['rating']) <= this.config.reviews.negativeMaxRating
      ) {
        deltas.add(at, channel, campaignId, { negativeReviews: 1 });
      } else if (fact.kind === 'order' && counted.delete(fact.orderId)) {
        deltas.member(at, channel, campaignId, 'buyer', customerId);
        deltas.add(
          at,
          channel,
          campaignId,
          fact.total.currency === currency
            ? { orders: 1, gmv: fact.total.amount }
            : { orders: 1, otherCurrencyOrders: 1 },
        );
      }
    }

    const paidMedia = new Set(this.config.kpis.paidMedia);
    const touches = fresh.flatMap((f) =>
      f.kind === 'touch'
        ? [
            {
              eventKey: f.eventKey,
              customerId: f.customerId,
              occurredAt: f.occurredAt,
              channel: f.channel,
              campaignId: f.campaignId,
              source: f.source,
              medium: f.medium,
              touchType: f.touchType,
              paid: f.hasCost || (f.medium !== null && paidMedia.has(f.medium)),
            },
          ]
        : [],
    );
    const storedTouches = await this.facts.insertTouches(tx, touches);
    await this.touchTimelines.append(
      tx,
      touches
        .filter((t) => storedTouches.has(t.eventKey))
        .map((t) => ({
          customerId: t.customerId,
          at: t.occurredAt.getTime(),
          channel: t.channel,
          campaignId: t.campaignId,
          paid: t.paid,
          touchType: t.touchType,
        })),
    );
    await this.facts.upsertExposures(
      tx,
      fresh.flatMap((f) =>
        Object.entries(f.experiments ?? {}).map(([experimentId, variant]) => ({
          experimentId,
          variant,
          customerId: f.customerId,
          at: f.occurredAt,
        })),
      ),
    );

    await this.applyReversals(tx, fresh, [...newOrders], deltas);
    await this.discounts.countWaiting(tx, [...newOrders], deltas);
    await this.facts.addToBuckets(tx, deltas.counterRows());
    await this.facts.addMembers(tx, deltas.memberRows());
    await this.facts.advanceWatermarks(tx, watermarksOf(batch));
  }

  /**
   * Refunds and cancellations count in the bucket of their own event time, under the channel
   * and campaign of the order they reverse; one whose order is not known yet waits for it.
   */
  private async applyReversals(
    tx: EntityManager,
    fresh: readonly ClassifiedEvent[],
    newOrderIds: readonly string[],
    deltas: BucketDeltas,
  ): Promise<void> {
    const incoming: Reversal[] = fresh.flatMap((f) =>
      f.kind === 'refund' || f.kind === 'cancellation'
        ? [
            {
              eventKey: f.eventKey,
              kind: f.kind,
              orderId: f.orderId,
              occurredAt: f.occurredAt,
              amount: f.kind === 'refund' ? f.amount : null,
            },
          ]
        : [],
    );
    const waiting = (await this.facts.takePendingReversals(tx, newOrderIds)).map(fromPending);
    const all = [...incoming, ...waiting];
    if (all.length === 0) return;
    const orders = await this.facts.knownOrders(
      tx,
      all.map((r) => r.orderId),
    );
    const pending: string[] = [];
    for (const reversal of all) {
      const order = orders.get(reversal.orderId);
      if (order === undefined) pending.push(reversal.eventKey);
      else await this.reverse(tx, reversal, order, deltas);
    }
    await this.facts.markReversalsPending(tx, pending);
  }

  private async reverse(
    tx: EntityManager,
    reversal: Reversal,
    order: KnownOrder,
    deltas: BucketDeltas,
  ): Promise<void> {
    const { currency } = this.config.kpis;
    const at = reversal.occurredAt;
    if (reversal.kind === 'refund') {
      const amount = reversal.amount?.currency === currency ? reversal.amount.amount : 0;
      await this.facts.recordRefund(tx, order.orderId, reversal.amount?.amount ?? 0);
      await this.inventory.takeBackReturned(tx, order.orderId, reversal.eventKey);
      deltas.add(at, order.channel, order.campaignId, { refunds: 1, refunded: amount });
    } else {
      await this.inventory.takeBackCancelled(tx, order.orderId);
      await this.facts.recordCancellation(tx, order.orderId, at);
      deltas.add(at, order.channel, order.campaignId, {
        cancellations: 1,
        cancelled: order.currency === currency ? order.total : 0,
      });
    }
  }
}

function fromPending(row: PendingReversal): Reversal {
  return {
    eventKey: row.eventKey,
    kind: row.type === 'order.refunded' ? 'refund' : 'cancellation',
    orderId: row.orderId,
    occurredAt: row.occurredAt,
    amount:
      row.amount === null || row.currency === null
        ? null
        : { amount: row.amount, currency: row.currency },
  };
}

function watermarksOf(batch: readonly SourcedEvent[]) {
  const marks = new Map<string, { topic: string; partition: number; eventTime: Date }>();
  for (const { event, topic, partition } of batch) {
    const id = `${topic}|${partition}`;
    const at = new Date(event.occurredAt);
    const seen = marks.get(id);
    if (seen === undefined || at > seen.eventTime)
      marks.set(id, { topic, partition, eventTime: at });
  }
  return [...marks.values()];
}
