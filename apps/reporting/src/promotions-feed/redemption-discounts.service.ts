import { Inject, Injectable } from '@nestjs/common';
import { eventDedupeKey, type DownstreamEventEnvelope } from '@omni/contracts';
import { SERVICE_CONFIG } from '@omni/platform';
import type { EntityManager } from 'typeorm';
import type { ReportingConfig } from '../config/reporting-config';
import { BucketDeltas } from '../facts/bucket-deltas';
import { releasedAmount } from './redemption-discounts';
import {
  RedemptionsRepository,
  type CountedRedemption,
  type RedemptionRow,
  type ReleaseRow,
} from './redemptions.repository';

/**
 * The `discounts` KPI from promotions' redemptions: a redemption's discount counts in the
 * bucket (event time, channel, campaign) of the order it was redeemed on, net of its releases.
 * A redemption waits for its order, a release for its redemption, so the figures do not
 * depend on the order in which the topics are read.
 */
@Injectable()
export class RedemptionDiscountsService {
  constructor(
    private readonly redemptions: RedemptionsRepository,
    @Inject(SERVICE_CONFIG) private readonly config: ReportingConfig,
  ) {}

  /** Applies a batch of redemption.recorded and redemption.released in the inbox transaction. */
  async applyMany(
    events: readonly DownstreamEventEnvelope[],
    tx: EntityManager,
    deltas: BucketDeltas,
  ): Promise<void> {
    const recordings: RedemptionRow[] = [];
    const releases: ReleaseRow[] = [];
    for (const event of events) {
      if (event.type === 'redemption.recorded') {
        const p = event.payload;
        recordings.push({
          redemptionId: p.redemptionId,
          eventKey: eventDedupeKey(event),
          orderId: p.orderId,
          customerId: event.customerId ?? null,
          campaignId: p.campaignId,
          promotionId: p.promotionId ?? null,
          couponCode: p.couponCode ?? null,
          discount: p.discount.amount,
          currency: p.discount.currency,
          recordedAt: new Date(event.occurredAt),
          experimentId: p.experiment?.experimentId ?? null,
          variant: p.experiment?.variant ?? null,
        });
      } else if (event.type === 'redemption.released') {
        const p = event.payload;
        releases.push({
          eventKey: eventDedupeKey(event),
          redemptionId: p.redemptionId,
          amount: p.amount?.amount ?? null,
          currency: p.amount?.currency ?? null,
          complete: p.complete ?? p.amount === undefined,
          occurredAt: new Date(event.occurredAt),
        });
      }
    }
    await this.redemptions.lockOrders(tx, 'exclusive');
    const stored = await this.redemptions.insertRedemptions(tx, recordings);
    const storedReleases = await this.redemptions.insertReleases(tx, releases);
    const nowCounted = await this.redemptions.countWithKnownOrder(tx, {
      redemptionIds: [...stored],
    });
    await this.settle(tx, nowCounted, deltas, true);
    const counting = new Set(nowCounted.map((r) => r.redemptionId));
    const earlier = await this.redemptions.counted(
      tx,
      releases
        .filter((r) => storedReleases.has(r.eventKey) && !counting.has(r.redemptionId))
        .map((r) => r.redemptionId),
    );
    await this.settle(tx, earlier, deltas, false);
  }

  /** Counts the waiting redemptions of orders that just arrived, net of their waiting releases. */
  async countWaiting(
    tx: EntityManager,
    orderIds: readonly string[],
    deltas: BucketDeltas,
  ): Promise<void> {
    if (orderIds.length === 0) return;
    await this.settle(
      tx,
      await this.redemptions.countWithKnownOrder(tx, { orderIds }),
      deltas,
      true,
    );
  }

  private async settle(
    tx: EntityManager,
    counted: readonly CountedRedemption[],
    deltas: BucketDeltas,
    addDiscount: boolean,
  ): Promise<void> {
    if (counted.length === 0) return;
    const { currency } = this.config.kpis;
    const byId = new Map(counted.map((r) => [r.redemptionId, { ...r }]));
    const add = (r: CountedRedemption, amount: number) => {
      if (r.currency !== currency || amount === 0) return;
      deltas.add(r.order.placedAt, r.order.channel, r.order.campaignId, { discounts: amount });
    };
    if (addDiscount) for (const r of byId.values()) add(r, r.discount);
    const released = new Map<string, number>();
    for (const release of await this.redemptions.takeWaitingReleases(tx, [...byId.keys()])) {
      const redemption = byId.get(release.redemptionId);
      if (redemption === undefined) continue;
      const amount = releasedAmount(redemption, release);
      redemption.released += amount;
      released.set(redemption.redemptionId, redemption.released);
      add(redemption, -amount);
    }
    await this.redemptions.setReleased(tx, released);
  }
}
