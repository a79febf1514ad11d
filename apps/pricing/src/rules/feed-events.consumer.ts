import { Injectable } from '@nestjs/common';
import { EventHandler, type ConsumedEvent } from '@omni/messaging';
import { SERVICE_CONFIG } from '@omni/platform';
import type { EntityManager } from 'typeorm';
import type { PricingConfig } from '../config/pricing-config';
import { decodeFeedEvent, signalsOf, type FeedEvent } from './feed-event';
import { RulePricingService } from './rule-pricing.service';
import { SignalsRepository } from './signals.repository';

/**
 * Keeps the signals from identity.resolved-events.v1 (stock, competitor prices, views, carts,
 * orders) and runs the rules of the SKUs whose signals changed, once per SKU per batch. Signals,
 * rule results, audit, history, outbox and inbox commit together: a redelivery changes nothing.
 */
@Injectable()
export class FeedEventsConsumer {
  constructor(
    private readonly signals: SignalsRepository,
    private readonly rules: RulePricingService,
  ) {}

  @EventHandler({
    inject: [SERVICE_CONFIG],
    useFactory: ({ feeds }: PricingConfig) => ({
      topic: feeds.topic,
      groupId: feeds.groupId,
      enabled: feeds.enabled,
      batch: true,
      decode: decodeFeedEvent,
      maxBatchSize: feeds.batchSize,
      partitionsConsumedConcurrently: feeds.partitionsConcurrently,
      combinePartitions: true,
      commitIntervalMs: feeds.offsetCommitIntervalMs,
      batchAttempts: feeds.batchAttempts,
      // Selection and the admin API do not need the feeds.
      readiness: 'ignored',
    }),
  })
  async handleMany(events: readonly ConsumedEvent<FeedEvent>[], tx: EntityManager): Promise<void> {
    const relevant = events.flatMap(({ value }) => (value.relevant ? [value.event] : []));
    if (relevant.length === 0) return;
    const feed = signalsOf(relevant);
    const stocked = await this.signals.applyStock(tx, feed.stock);
    const observed = await this.signals.applyCompetitors(tx, feed.competitors);
    await this.signals.addDemand(tx, feed.demand);
    const skus = [...new Set([...stocked, ...observed, ...feed.demand.map((d) => d.sku)])];
    if (skus.length > 0)
      await this.rules.run(
        tx,
        skus,
        new Date(),
        `feed events ${relevant[0].eventId}…(${relevant.length})`,
      );
  }
}
