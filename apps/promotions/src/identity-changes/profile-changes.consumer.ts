import { Injectable } from '@nestjs/common';
import { EventHandler, type ConsumedEvent, envelopeOf, profileChangeOf } from '@omni/messaging';
import { SERVICE_CONFIG } from '@omni/platform';
import type { EntityManager } from 'typeorm';
import type { PromotionsConfig } from '../config/promotions-config';
import { IdentityChangesRepository } from './identity-changes.repository';

/** Merges, splits and erasures from identity, applied once in the inbox transaction. */
@Injectable()
export class ProfileChangesHandler {
  constructor(private readonly identity: IdentityChangesRepository) {}

  @EventHandler({
    inject: [SERVICE_CONFIG],
    useFactory: ({ topics, consumerGroup }: PromotionsConfig) => ({
      topic: topics.profileChanges,
      groupId: consumerGroup,
      batch: true,
    }),
  })
  async onProfileChanges(events: ConsumedEvent<unknown>[], tx: EntityManager): Promise<void> {
    for (const event of events) {
      const change = profileChangeOf(envelopeOf(event));
      if (change?.kind === 'merged')
        await this.identity.merge(tx, change.survivorId, change.mergedIds);
      else if (change?.kind === 'split') await this.identity.split(tx, change.fromId, change.moves);
      else if (change?.kind === 'erased') await this.identity.erase(tx, change.customerId);
    }
  }
}
