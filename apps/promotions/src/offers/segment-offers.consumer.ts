import { Injectable } from '@nestjs/common';
import type { DownstreamEventEnvelope, DownstreamEventOf } from '@omni/contracts';
import { sourceEventKey } from '@omni/messaging';
import { HandlesEachEvent } from '@omni/platform';
import type { EntityManager } from 'typeorm';
import type { PromotionsConfig } from '../config/promotions-config';
import { OffersService } from './offers.service';

/**
 * crm's segment changes: a customer who joins a segment that a live segment-joined rule names
 * gets its offer (e.g. churn-risk → a win-back coupon). The read-model handler of the same topic
 * keeps the membership itself.
 */
@Injectable()
export class SegmentOffersHandler {
  constructor(private readonly offers: OffersService) {}

  @HandlesEachEvent<PromotionsConfig>('customerChanges')
  async onCustomerChange(envelope: DownstreamEventEnvelope, tx: EntityManager): Promise<void> {
    if (envelope.type !== 'customer.segment-changed' || envelope.customerId === undefined) return;
    const { payload } = envelope as DownstreamEventOf<'customer.segment-changed'>;
    if (payload.change !== 'joined') return;
    // Each entry into the segment is its own event: a customer who leaves and comes back
    // is offered again, a redelivered entry is not.
    await this.offers.onSegmentJoined(tx, payload, {
      customerId: envelope.customerId,
      sourceKey: `segment:${payload.segmentId}:${sourceEventKey(envelope)}`,
      // When crm names the channel event that made the customer enter the segment as the
      // causation (as it does for journeys), a split moves the offer with that event.
      ...(envelope.causationId === undefined || envelope.causationId === envelope.eventId
        ? {}
        : { originEventKey: envelope.causationId }),
      correlationId: envelope.correlationId ?? envelope.eventId,
      causationId: envelope.eventId,
      occurredAt: new Date(envelope.occurredAt),
    });
  }
}
