import { Injectable } from '@nestjs/common';
import { HandlesTopic, type DownstreamBatch } from '@omni/platform';
import type { EntityManager } from 'typeorm';
import type { ReportingConfig } from '../config/reporting-config';
import { BucketDeltas } from '../facts/bucket-deltas';
import { FactsRepository } from '../facts/facts.repository';
import { RedemptionDiscountsService } from './redemption-discounts.service';

/** The consumer group of redemptions: REPORTING_CONSUMER_GROUP's, suffixed. */
export const redemptionsGroup = (consumerGroup: string) => `${consumerGroup}.redemptions`;

/**
 * promotions' redemptions and releases, applied in the inbox transaction of their batch. They
 * are read by a group of their own, so a transaction never holds both a batch of resolved events
 * (the redemption lock, shared) and redemptions (the same lock, exclusive): two replicas
 * upgrading that lock at once would deadlock.
 */
@Injectable()
export class RedemptionsHandler {
  constructor(
    private readonly discounts: RedemptionDiscountsService,
    private readonly facts: FactsRepository,
  ) {}

  @HandlesTopic<ReportingConfig>('redemptions', ({ consumerGroup }) => ({
    groupId: redemptionsGroup(consumerGroup),
  }))
  async onRedemptions(events: DownstreamBatch, tx: EntityManager): Promise<void> {
    const deltas = new BucketDeltas();
    await this.discounts.applyMany(
      events.map(({ value }) => value),
      tx,
      deltas,
    );
    await this.facts.addToBuckets(tx, deltas.counterRows());
  }
}
