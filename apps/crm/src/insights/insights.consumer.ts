import { Injectable } from '@nestjs/common';
import type { DownstreamEventEnvelope, DownstreamEventOf } from '@omni/contracts';
import { profileChangeOf, sourceEventKey } from '@omni/messaging';
import { HandlesTopic, type DownstreamBatch } from '@omni/platform';
import type { EntityManager } from 'typeorm';
import type { CrmConfig } from '../config/crm-config';
import { resolvedEventsSettings } from '../resolved-events-handler';
import { InsightsRepository, type InsightOrder, type InsightSignals } from './insights.repository';
import { InsightsService } from './insights.service';
import { SegmentsService } from './segments/segments.service';

const LOW_SCORE = 2;

/** Event types that change what insights (or segment rules over traits) are computed from, beyond activity. */
const RELEVANT = new Set([
  'customer.identified',
  'order.placed',
  'order.paid',
  'order.refunded',
  'order.cancelled',
  'review.submitted',
  'service.contacted',
]);

/**
 * Keeps what insights need from resolved events (activity, orders, refunds, complaints, low
 * ratings), recomputes the customers of each batch incrementally, and applies merges, splits
 * and erasures to its tables, in the consumer group's inbox transaction.
 */
@Injectable()
export class InsightsHandler {
  constructor(
    private readonly repository: InsightsRepository,
    private readonly insights: InsightsService,
    private readonly segments: SegmentsService,
  ) {}

  @HandlesTopic<CrmConfig>('resolvedEvents', resolvedEventsSettings)
  async onResolvedEvents(events: DownstreamBatch, tx: EntityManager): Promise<void> {
    const envelopes = events
      .map((event) => event.value)
      .filter(
        (e): e is DownstreamEventEnvelope & { customerId: string } => e.customerId !== undefined,
      );
    await this.repository.touch(
      tx,
      envelopes.map((e) => ({ customerId: e.customerId, at: new Date(e.occurredAt) })),
    );
    const changed = new Set<string>();
    const orders: InsightOrder[] = [];
    const signals: InsightSignals[] = [];
    // A segment entry or exit names the customer's latest event of the batch as its cause.
    const causes = new Map<string, string>();
    for (const envelope of envelopes) {
      causes.set(envelope.customerId, sourceEventKey(envelope));
      if (RELEVANT.has(envelope.type)) changed.add(envelope.customerId);
      const recorded = recordOf(envelope);
      if (recorded?.kind === 'order') orders.push(recorded.order);
      else if (recorded?.kind === 'signals') signals.push(recorded.signals);
    }
    await this.repository.recordOrders(tx, orders);
    await this.repository.addSignals(tx, signals);
    // Any other event only refreshes activity: it can move only a customer not plainly active.
    const others = [...new Set(envelopes.map((e) => e.customerId))].filter(
      (id) => !changed.has(id),
    );
    const moving = others.length === 0 ? [] : await this.repository.notSettled(tx, others);
    await this.insights.recompute(tx, [...changed, ...moving], new Date(), undefined, causes);
  }

  @HandlesTopic<CrmConfig>('profileChanges')
  async onProfileChanges(events: DownstreamBatch, tx: EntityManager): Promise<void> {
    const now = new Date();
    for (const event of events) {
      const change = profileChangeOf(event.value);
      if (change?.kind === 'merged') {
        await this.segments.leaveAll(tx, change.mergedIds, now);
        await this.repository.merge(tx, change.survivorId, change.mergedIds);
        await this.insights.recompute(tx, [change.survivorId], now);
      } else if (change?.kind === 'split') {
        const moved = await this.repository.split(tx, change.fromId, change.moves);
        await this.insights.recompute(tx, [change.fromId, ...moved], now);
      } else if (change?.kind === 'erased') {
        await this.repository.erase(tx, change.customerId);
      }
    }
  }
}

/** What insights keep of one event: a change to one of its orders, or dissatisfaction signals. */
function recordOf(
  envelope: DownstreamEventEnvelope & { customerId: string },
):
  | { kind: 'order'; order: InsightOrder }
  | { kind: 'signals'; signals: InsightSignals }
  | undefined {
  const customerId = envelope.customerId;
  const at = new Date(envelope.occurredAt);
  const eventKey = sourceEventKey(envelope);
  switch (envelope.type) {
    case 'order.placed': {
      const { payload } = envelope as DownstreamEventOf<'order.placed'>;
      const promotion = (payload.coupons?.length ?? 0) > 0 || (payload.discount?.amount ?? 0) > 0;
      return {
        kind: 'order',
        order: {
          customerId,
          orderId: payload.orderId,
          eventKey,
          placedAt: at,
          promotion,
        },
      };
    }
    case 'order.paid': {
      const { payload } = envelope as DownstreamEventOf<'order.paid'>;
      return {
        kind: 'order',
        order: {
          customerId,
          orderId: payload.orderId,
          eventKey,
          paidAt: at,
          currency: payload.amount.currency,
          paidMinor: payload.amount.amount,
        },
      };
    }
    case 'order.refunded': {
      const { payload } = envelope as DownstreamEventOf<'order.refunded'>;
      return {
        kind: 'order',
        order: {
          customerId,
          orderId: payload.orderId,
          eventKey,
          refundedMinor: payload.amount?.amount ?? 0,
        },
      };
    }
    case 'order.cancelled': {
      const { payload } = envelope as DownstreamEventOf<'order.cancelled'>;
      return {
        kind: 'order',
        order: {
          customerId,
          orderId: payload.orderId,
          eventKey,
          cancelled: true,
        },
      };
    }
    case 'review.submitted': {
      const { payload } = envelope as DownstreamEventOf<'review.submitted'>;
      return payload.rating <= LOW_SCORE
        ? { kind: 'signals', signals: { customerId, complaints: 0, lowRatings: 1 } }
        : undefined;
    }
    case 'service.contacted': {
      const { payload } = envelope as DownstreamEventOf<'service.contacted'>;
      const complaint = payload.reason === 'complaint' || (payload.satisfaction ?? 5) <= LOW_SCORE;
      return complaint
        ? { kind: 'signals', signals: { customerId, complaints: 1, lowRatings: 0 } }
        : undefined;
    }
    default:
      return undefined;
  }
}
