import { Injectable } from '@nestjs/common';
import { decodeDownstreamMessage, type DownstreamEventEnvelope } from '@omni/contracts';
import { applyProfileChanges, EventHandler, type ConsumedEvent } from '@omni/messaging';
import { SERVICE_CONFIG } from '@omni/platform';
import type { EntityManager } from 'typeorm';
import type { CrmConfig } from '../config/crm-config';
import { IdentityChangesService } from './identity-changes.service';

/** Merges, splits and erasures, each in the inbox transaction of its event. */
@Injectable()
export class ProfileChangesHandler {
  constructor(private readonly changes: IdentityChangesService) {}

  @EventHandler({
    inject: [SERVICE_CONFIG],
    useFactory: ({ topics, consumerGroup }: CrmConfig) => ({
      topic: topics.profileChanges,
      groupId: consumerGroup,
      batch: true,
      decode: decodeDownstreamMessage,
    }),
  })
  async onProfileChanges(
    events: readonly ConsumedEvent<DownstreamEventEnvelope>[],
    tx: EntityManager,
  ): Promise<void> {
    await applyProfileChanges(events, tx, this.changes);
  }
}
