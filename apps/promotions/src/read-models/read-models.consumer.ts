import { Injectable } from '@nestjs/common';
import type { DownstreamEventOf } from '@omni/contracts';
import { HandlesTopic, type DownstreamBatch } from '@omni/platform';
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

  @HandlesTopic<PromotionsConfig>('priceChanges')
  async onPriceChanges(events: DownstreamBatch, tx: EntityManager): Promise<void> {
    const prices: PriceFact[] = [];
    for (const { value: envelope } of events) {
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

  @HandlesTopic<PromotionsConfig>('customerChanges')
  async onCustomerChanges(events: DownstreamBatch, tx: EntityManager): Promise<void> {
    for (const { value: envelope } of events) {
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

  @HandlesTopic<PromotionsConfig>('resolvedEvents')
  async onResolvedEvents(events: DownstreamBatch, tx: EntityManager): Promise<void> {
    for (const { value: envelope } of events) {
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
