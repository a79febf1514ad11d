import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { DownstreamEventOf } from '@omni/contracts';
import type { EntityManager } from 'typeorm';
import { FactsRepository } from '../facts/facts.repository';
import { IdentityChangesRepository } from './identity-changes.repository';
import { TimelinesRepository } from '../timelines/timelines.repository';
import { TouchTimelinesRepository } from '../timelines/touch-timelines.repository';

/** What a merge, split or erasure does to reporting's per-customer rows. */
@Injectable()
export class IdentityChangesService {
  constructor(
    private readonly changes: IdentityChangesRepository,
    private readonly facts: FactsRepository,
    private readonly timelines: TimelinesRepository,
    private readonly touchTimelines: TouchTimelinesRepository,
  ) {}

  async merged(tx: EntityManager, event: DownstreamEventOf<'profile.merged'>): Promise<void> {
    await this.facts.lockIdentity(tx, 'exclusive');
    const { survivorId, mergedIds } = event.payload;
    await this.changes.merge(tx, survivorId, mergedIds);
    await this.timelines.rebuild(tx, [survivorId, ...mergedIds]);
    await this.touchTimelines.rebuild(tx, [survivorId, ...mergedIds]);
  }

  async split(tx: EntityManager, event: DownstreamEventOf<'profile.split'>): Promise<void> {
    await this.facts.lockIdentity(tx, 'exclusive');
    const { fromId, newIds } = event.payload;
    await this.changes.unalias(tx, newIds);
    if (event.version === 2) {
      for (const move of event.payload.moves) {
        await this.changes.moveEvents(tx, move.customerId, move.eventKeys);
      }
    }
    await this.changes.rebuild(tx, [fromId, ...newIds]);
    await this.timelines.rebuild(tx, [fromId, ...newIds]);
    await this.touchTimelines.rebuild(tx, [fromId, ...newIds]);
  }

  async erased(tx: EntityManager, event: DownstreamEventOf<'profile.erased'>): Promise<void> {
    await this.facts.lockIdentity(tx, 'exclusive');
    await this.changes.erase(tx, event.payload.customerId, `erased-${randomUUID()}`);
    await this.timelines.erase(tx, event.payload.customerId);
    await this.touchTimelines.erase(tx, event.payload.customerId);
  }
}
