import { Injectable } from '@nestjs/common';
import { eventDedupeKey } from '@omni/contracts';
import { HandlesTopic, type DownstreamBatch } from '@omni/platform';
import type { EntityManager } from 'typeorm';
import type { ReportingConfig } from '../config/reporting-config';
import { FactsRepository } from '../facts/facts.repository';
import { RedemptionsRepository, type OfferRow } from './redemptions.repository';

/**
 * promotions' offer.issued: kept per campaign for GET /v1/promotions, and an offer with an A/B
 * variant is an exposure of its customer, read out like context.experiments.
 */
@Injectable()
export class OffersHandler {
  constructor(
    private readonly redemptions: RedemptionsRepository,
    private readonly facts: FactsRepository,
  ) {}

  @HandlesTopic<ReportingConfig>('offers')
  async onOffers(events: DownstreamBatch, tx: EntityManager): Promise<void> {
    // Offers of a merged id count for the survivor; those of an erased person are dropped.
    await this.facts.lockIdentity(tx, 'shared');
    const offers: OfferRow[] = [];
    for (const { value: event } of events) {
      if (event.type !== 'offer.issued') continue;
      offers.push({
        offerId: event.payload.offerId,
        eventKey: eventDedupeKey(event),
        customerId: event.customerId ?? null,
        campaignId: event.payload.campaignId,
        reason: event.payload.reason,
        couponCode: event.payload.couponCode ?? null,
        issuedAt: new Date(event.occurredAt),
        experimentId: event.payload.experiment?.experimentId ?? null,
        variant: event.payload.experiment?.variant ?? null,
      });
    }
    const current = await this.facts.currentIds(tx, [
      ...new Set(offers.flatMap((o) => (o.customerId === null ? [] : [o.customerId]))),
    ]);
    const kept = offers.flatMap((offer) => {
      if (offer.customerId === null || !current.has(offer.customerId)) return [offer];
      const id = current.get(offer.customerId);
      return id === null || id === undefined ? [] : [{ ...offer, customerId: id }];
    });
    await this.redemptions.insertOffers(tx, kept);
    await this.facts.upsertExposures(
      tx,
      kept.flatMap((o) =>
        o.customerId === null || o.experimentId === null || o.variant === null
          ? []
          : [
              {
                experimentId: o.experimentId,
                variant: o.variant,
                customerId: o.customerId,
                at: o.issuedAt,
              },
            ],
      ),
    );
  }
}
