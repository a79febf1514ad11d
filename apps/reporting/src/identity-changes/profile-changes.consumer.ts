import { Injectable } from '@nestjs/common';
import { decodeDownstreamMessage, type DownstreamEventEnvelope } from '@omni/contracts';
import { EventHandler, type ConsumedEvent } from '@omni/messaging';
import { SERVICE_CONFIG } from '@omni/platform';
import type { EntityManager } from 'typeorm';
import type { ReportingConfig } from '../config/reporting-config';
import { IdentityChangesService } from './identity-changes.service';

/** Merges, splits and erasures, each in the inbox transaction of its event. */
@Injectable()
export class ProfileChangesHandler {
  constructor(private readonly changes: IdentityChangesService) {}

  @EventHandler({
    inject: [SERVICE_CONFIG],
    useFactory: ({ topics, consumerGroup }: ReportingConfig) => ({
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
    for (const { value: event } of events) {
      if (event.type === 'profile.merged') await this.changes.merged(tx, event);
      else if (event.type === 'profile.split') await this.changes.split(tx, event);
      else if (event.type === 'profile.erased') await this.changes.erased(tx, event);
    }
  }
}
