import { Injectable } from '@nestjs/common';
import type { DownstreamEventEnvelope, DownstreamEventOf } from '@omni/contracts';
import { sourceEventKey } from '@omni/messaging';
import { HandlesEachEvent } from '@omni/platform';
import type { EntityManager } from 'typeorm';
import type { PromotionsConfig } from '../config/promotions-config';
import { OffersService } from './offers.service';

/** crm's fired journey steps; a step that matches an offer rule issues the offer once. */
@Injectable()
export class JourneyTriggersHandler {
  constructor(private readonly offers: OffersService) {}

  @HandlesEachEvent<PromotionsConfig>('journeyTriggers')
  async onJourneyTrigger(envelope: DownstreamEventEnvelope, tx: EntityManager): Promise<void> {
    if (envelope.type !== 'journey.triggered' || envelope.customerId === undefined) return;
    const { payload } = envelope as DownstreamEventOf<'journey.triggered'>;
    // A step fires once per journey instance; without an instance the event itself is the key.
    const sourceKey =
      payload.instanceId === undefined
        ? sourceEventKey(envelope)
        : `${payload.journeyId}/${payload.instanceId}/${payload.step ?? payload.trigger}`;
    await this.offers.onJourneyTriggered(tx, payload, {
      customerId: envelope.customerId,
      sourceKey,
      // crm names the channel event its journey started from as the causation.
      ...(envelope.causationId === undefined ? {} : { originEventKey: envelope.causationId }),
      correlationId: envelope.correlationId ?? envelope.eventId,
      causationId: envelope.eventId,
      occurredAt: new Date(envelope.occurredAt),
    });
  }
}
