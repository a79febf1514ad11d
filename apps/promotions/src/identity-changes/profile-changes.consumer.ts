import { Injectable } from '@nestjs/common';
import { profileChangeOf } from '@omni/messaging';
import { HandlesTopic, type DownstreamBatch } from '@omni/platform';
import type { EntityManager } from 'typeorm';
import type { PromotionsConfig } from '../config/promotions-config';
import { IdentityChangesRepository } from './identity-changes.repository';

/** Merges, splits and erasures from identity, applied once in the inbox transaction. */
@Injectable()
export class ProfileChangesHandler {
  constructor(private readonly identity: IdentityChangesRepository) {}

  @HandlesTopic<PromotionsConfig>('profileChanges')
  async onProfileChanges(events: DownstreamBatch, tx: EntityManager): Promise<void> {
    for (const { value: event } of events) {
      const change = profileChangeOf(event);
      if (change?.kind === 'merged')
        await this.identity.merge(tx, change.survivorId, change.mergedIds);
      else if (change?.kind === 'split') await this.identity.split(tx, change.fromId, change.moves);
      else if (change?.kind === 'erased') await this.identity.erase(tx, change.customerId);
    }
  }
}
