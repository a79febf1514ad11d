import { Injectable } from '@nestjs/common';
import type { DownstreamEventOf } from '@omni/contracts';
import { EventHandler, type ConsumedEvent, envelopeOf } from '@omni/messaging';
import { SERVICE_CONFIG } from '@omni/platform';
import type { EntityManager } from 'typeorm';
import type { PromotionsConfig } from '../config/promotions-config';
import { ReadModelsRepository, type PriceFact } from './read-models.repository';

/**
 * Keeps the read models a quote needs: prices from pricing, tiers and segments from crm,
 * marketing consent from the channels' resolved events (orders are
 * counted by the redemptions handler, after it re-quotes them). Each batch runs in
 * the consumer group's inbox transaction, so a redelivery changes nothing.
 */
@Injectable()
export class ReadModelsHandler {
  constructor(private readonly readModels: ReadModelsRepository) {}

  @EventHandler({
    inject: [SERVICE_CONFIG],
    useFactory: ({ topics, consumerGroup }: PromotionsConfig) => ({
      topic: topics.priceChanges,
      groupId: consumerGroup,
      batch: true,
    }),
  })
  async onPriceChanges(events: ConsumedEvent<unknown>[], tx: EntityManager): Promise<void> {
    const prices: PriceFact[] = [];
    for (const event of events) {
      const envelope = envelopeOf(event);
      if (envelope.type !== 'price.changed') continue;
      const { payload } = envelope as DownstreamEventOf<'price.changed'>;
      // A country-scoped price is for cross-border lists; the cart quote uses the domestic one.
      if (payload.country !== undefined) continue;
      prices.push({
        sku: payload.sku,
        channel: payload.channel,
        currency: payload.currency,
        customerGroup: payload.tier ?? payload.segment ?? '',
        validFrom: new Date(payload.validFrom),
        validTo: payload.validTo === undefined ? null : new Date(payload.validTo),
        amount: payload.newPrice.amount,
        occurredAt: new Date(envelope.occurredAt),
      });
    }
    await this.readModels.recordPrices(tx, prices);
  }

  @EventHandler({
    inject: [SERVICE_CONFIG],
    useFactory: ({ topics, consumerGroup }: PromotionsConfig) => ({
      topic: topics.customerChanges,
      groupId: consumerGroup,
      batch: true,
    }),
  })
  async onCustomerChanges(events: ConsumedEvent<unknown>[], tx: EntityManager): Promise<void> {
    for (const event of events) {
      const envelope = envelopeOf(event);
      const customerId = envelope.customerId;
      if (customerId === undefined) continue;
      const at = new Date(envelope.occurredAt);
      if (envelope.type === 'customer.tier-changed') {
        const { payload } = envelope as DownstreamEventOf<'customer.tier-changed'>;
        await this.readModels.recordTier(tx, customerId, payload.tier, at);
      } else if (envelope.type === 'customer.segment-changed') {
        const { payload } = envelope as DownstreamEventOf<'customer.segment-changed'>;
        await this.readModels.recordSegment(tx, {
          customerId,
          segmentId: payload.segmentId,
          segmentName: payload.segmentName,
          member: payload.change === 'joined',
          at,
        });
      }
    }
  }

  @EventHandler({
    inject: [SERVICE_CONFIG],
    useFactory: ({ topics, consumerGroup }: PromotionsConfig) => ({
      topic: topics.resolvedEvents,
      groupId: consumerGroup,
      batch: true,
    }),
  })
  async onResolvedEvents(events: ConsumedEvent<unknown>[], tx: EntityManager): Promise<void> {
    for (const event of events) {
      const envelope = envelopeOf(event);
      const customerId = envelope.customerId;
      if (customerId === undefined) continue;
      if (envelope.type === 'customer.consent-updated') {
        const { payload } = envelope as DownstreamEventOf<'customer.consent-updated'>;
        if (payload.purpose !== 'marketing') continue;
        await this.readModels.recordConsent(tx, {
          customerId,
          channel: payload.channel,
          granted: payload.granted,
          at: new Date(envelope.occurredAt),
        });
      }
    }
  }
}
