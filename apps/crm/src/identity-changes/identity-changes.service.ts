import { Injectable } from '@nestjs/common';
import { TIERS, type DownstreamEventOf, type Tier } from '@omni/contracts';
import type { EntityManager } from 'typeorm';
import { CustomerProfilesRepository } from '../customers/customer-profiles.repository';
import { CustomersRepository } from '../customers/customers.repository';
import { TiersService } from '../tiers/tiers.service';
import { IdentityChangesRepository } from './identity-changes.repository';

type Cause = { correlationId: string; causationId: string };

/**
 * Applies profile.merged, profile.split and profile.erased to crm-core's tables. The inbox makes
 * each event apply once; the per-customer (version, part) also skips a replay of the topic.
 */
@Injectable()
export class IdentityChangesService {
  constructor(
    private readonly customers: CustomersRepository,
    private readonly changes: IdentityChangesRepository,
    private readonly tiers: TiersService,
    private readonly profiles: CustomerProfilesRepository,
  ) {}

  async merged(tx: EntityManager, event: DownstreamEventOf<'profile.merged', 1>): Promise<void> {
    const { survivorId, mergedIds, version } = event.payload;
    if (await this.customers.isErased(tx, survivorId)) return;
    const at = new Date(event.occurredAt);
    const cause = { correlationId: event.correlationId, causationId: event.eventId };
    await this.ensure(tx, survivorId, at, cause);
    // Locked in id order, so two merges never wait on each other crosswise.
    const locked = new Map<string, Tier>();
    for (const id of [...new Set([survivorId, ...mergedIds])].sort()) {
      const row = await this.customers.lock(tx, id);
      if (row !== undefined) locked.set(id, row.tier);
      if (id === survivorId && row !== undefined && row.profileVersion >= version) return;
    }
    const others = mergedIds.filter((id) => id !== survivorId);
    await this.changes.fold(tx, survivorId, others, at);
    await this.profiles.refresh(tx, [survivorId, ...others]);
    // The higher tier is kept; activity now adding up may qualify for more.
    const current = locked.get(survivorId) ?? 'regular';
    const best = [...locked.values()].reduce(
      (a, b) => (TIERS.indexOf(b) > TIERS.indexOf(a) ? b : a),
      current,
    );
    if (best !== current) await this.tiers.setTier(tx, survivorId, current, best, at, cause);
    await this.tiers.afterActivity(tx, survivorId, best, at, cause);
    await this.customers.setProfileVersion(tx, survivorId, version, 0);
  }

  async split(
    tx: EntityManager,
    event: DownstreamEventOf<'profile.split', 1> | DownstreamEventOf<'profile.split', 2>,
  ): Promise<void> {
    const { fromId, newIds, version } = event.payload;
    const part = event.version === 2 ? event.payload.part : 1;
    const at = new Date(event.occurredAt);
    const cause = { correlationId: event.correlationId, causationId: event.eventId };
    const from = await this.customers.lock(tx, fromId);
    if (from !== undefined) {
      if (
        from.profileVersion > version ||
        (from.profileVersion === version && from.profilePart >= part)
      )
        return;
    }
    for (const id of newIds) {
      if (!(await this.customers.isErased(tx, id))) await this.ensure(tx, id, at, cause);
    }
    if (event.version === 2 && from !== undefined) {
      for (const move of event.payload.moves) {
        if (move.eventKeys.length === 0 || !newIds.includes(move.customerId)) continue;
        await this.changes.move(tx, fromId, move.customerId, move.eventKeys);
      }
      await this.profiles.refresh(tx, [fromId, ...newIds]);
    }
    // New profiles get the tier their moved activity qualifies for; fromId keeps its own until assessment.
    for (const id of newIds) {
      const row = await this.customers.lock(tx, id);
      if (row !== undefined) await this.tiers.afterActivity(tx, id, row.tier, new Date(), cause);
    }
    if (from !== undefined) await this.customers.setProfileVersion(tx, fromId, version, part);
  }

  async erased(tx: EntityManager, event: DownstreamEventOf<'profile.erased', 1>): Promise<void> {
    await this.changes.erase(tx, event.payload.customerId);
  }

  private async ensure(
    tx: EntityManager,
    customerId: string,
    at: Date,
    cause: Cause,
  ): Promise<void> {
    if (await this.customers.ensure(tx, customerId, at))
      await this.tiers.assignFirst(tx, customerId, at, cause);
  }
}
