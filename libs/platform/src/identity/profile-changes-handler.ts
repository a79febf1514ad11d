import { Inject, Injectable, type Type } from '@nestjs/common';
import { applyProfileChanges, type ProfileChangeHandlers } from '@omni/messaging';
import type { EntityManager } from 'typeorm';
import { HandlesTopic, type DownstreamBatch } from '../consumers/handles-topic';

/** The settings a service's identity-change consumer is named by. */
type ProfileChangesSettings = {
  readonly topics: { readonly profileChanges: string };
  readonly consumerGroup: string;
};

/**
 * The consumer of identity.profile-changes.v1 for a service whose `changes` provider handles
 * merges, splits and erasures: each change of a batch, in order, in the batch's inbox
 * transaction, on the service's `topics.profileChanges` in its `consumerGroup`.
 */
export function profileChangesHandler(
  changes: Type<ProfileChangeHandlers<EntityManager>>,
): Type<unknown> {
  @Injectable()
  class ProfileChangesHandler {
    constructor(@Inject(changes) private readonly handlers: ProfileChangeHandlers<EntityManager>) {}

    @HandlesTopic<ProfileChangesSettings>('profileChanges')
    async onProfileChanges(events: DownstreamBatch, tx: EntityManager): Promise<void> {
      await applyProfileChanges(events, tx, this.handlers);
    }
  }
  return ProfileChangesHandler;
}
