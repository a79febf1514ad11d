import { Injectable } from '@nestjs/common';
import type { DownstreamEventOf } from '@omni/contracts';
import type { EntityManager } from 'typeorm';
import { IdentityChangesRepository } from './identity-changes.repository';

/** What a merge, split or erasure does to promotions' per-customer rows. */
@Injectable()
export class IdentityChangesService {
  constructor(private readonly identity: IdentityChangesRepository) {}

  merged(tx: EntityManager, { payload }: DownstreamEventOf<'profile.merged'>): Promise<void> {
    return this.identity.merge(tx, payload.survivorId, payload.mergedIds);
  }

  /** A v1 split names no events, so nothing moves. */
  split(tx: EntityManager, { payload }: DownstreamEventOf<'profile.split'>): Promise<void> {
    return this.identity.split(tx, payload.fromId, 'moves' in payload ? payload.moves : []);
  }

  erased(tx: EntityManager, { payload }: DownstreamEventOf<'profile.erased'>): Promise<void> {
    return this.identity.erase(tx, payload.customerId);
  }
}
