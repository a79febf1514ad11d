import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Outbox } from '@omni/messaging';
import { ApiError } from '@omni/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { SERVICE_CONFIG } from '@omni/platform';
import type { IdentityConfig } from '../config/identity-config';
import { ConflictsRepository } from '../conflicts/conflicts.repository';
import { lockProfiles } from '../resolution/graph-locks';
import { profileChangeMessage, profileSplitMessages } from './profile-change-events';
import type { MergeRequest, MergeResultDto, SplitRequest, SplitResultDto } from './dto/profile.dto';
import { ProfileQueryService } from './profile-query.service';
import { ProfileRepository, type ProfileRow } from './profile.repository';
import { splitComponents } from './split-components';

const newCustomerId = () => `cus_${randomUUID().replaceAll('-', '').slice(0, 24)}`;

/**
 * Manual merge and split. Each runs in one transaction with its audit row and its
 * profile-changes event; a dry run computes the same result and writes nothing.
 */
@Injectable()
export class ProfileAdminService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: IdentityConfig,
    private readonly outbox: Outbox,
    private readonly query: ProfileQueryService,
    private readonly conflicts: ConflictsRepository,
    private readonly profiles: ProfileRepository,
  ) {}

  merge(request: MergeRequest): Promise<MergeResultDto> {
    return this.dataSource.transaction(async (tx) => {
      const [a, b] = await this.lockedActive(tx, request.customerIds);
      if (a.customerId === b.customerId)
        throw new ApiError(
          409,
          'already_merged',
          `${request.customerIds.join(' and ')} are already one profile`,
        );
      const aIsOlder =
        (a.createdAt.getTime() - b.createdAt.getTime() ||
          a.customerId.localeCompare(b.customerId)) < 0;
      const [survivor, merged] = aIsOlder ? [a, b] : [b, a];
      const identifierCount = await this.profiles.identifierCount(tx, [a.customerId, b.customerId]);
      if (request.dryRun)
        return {
          dryRun: true,
          survivorId: survivor.customerId,
          mergedIds: [merged.customerId],
          version: survivor.version + 1,
          identifierCount,
        };
      const operationId = `merge-${randomUUID()}`;
      // A profile is a connected component, so the manual merge is itself a link with evidence.
      const anchors = await this.profiles.anchorsOf(tx, [survivor.customerId, merged.customerId]);
      await this.profiles.foldProfiles(tx, survivor.customerId, [merged.customerId]);
      const from = anchors.get(survivor.customerId);
      const to = anchors.get(merged.customerId);
      if (from !== undefined && to !== undefined) {
        await this.profiles.insertLinks(tx, [[from, to]], {
          sourceEventId: operationId,
          channel: null,
          rule: `manual-merge by ${request.actor}`,
          occurredAt: new Date(),
        });
      }
      const version = await this.profiles.bumpVersion(tx, survivor.customerId);
      await this.conflicts.resolveSettledBy(tx, merged.customerId, [
        survivor.customerId,
        merged.customerId,
      ]);
      await this.profiles.recordProfileChange(tx, {
        customerId: survivor.customerId,
        kind: 'merged',
        relatedIds: [merged.customerId],
        version,
        origin: 'manual',
        actor: request.actor,
        reason: request.reason,
        sourceEventId: operationId,
      });
      await this.outbox.enqueue(
        tx,
        profileChangeMessage(
          this.config.topics.profileChanges,
          {
            type: 'profile.merged',
            customerId: survivor.customerId,
            payload: { survivorId: survivor.customerId, mergedIds: [merged.customerId], version },
          },
          operationId,
        ),
      );
      return {
        dryRun: false,
        survivorId: survivor.customerId,
        mergedIds: [merged.customerId],
        version,
        identifierCount,
      };
    });
  }

  split(customerId: string, request: SplitRequest): Promise<SplitResultDto> {
    return this.dataSource.transaction(async (tx) => {
      const [profile] = await this.lockedActive(tx, [customerId]);
      const fromId = profile.customerId;
      const members = await this.profiles.membersOf(tx, fromId);
      const byHash = new Map(members.map((m) => [m.hash, m.id]));
      const moved = new Set<string>();
      for (const ref of request.identifiers) {
        const id = byHash.get(this.query.hashOf(ref.type, ref.value));
        if (id === undefined)
          throw new ApiError(
            422,
            'identifier_not_in_profile',
            `the ${ref.type} given is not an identifier of ${fromId}`,
          );
        moved.add(id);
      }
      const edges = await this.profiles.activeLinksOf(tx, fromId);
      const outcome = splitComponents(
        members.map((m) => m.id),
        edges,
        moved,
      );
      const newIds = outcome.split.map(() => newCustomerId());
      const identifierCounts = outcome.split.map((component) => component.length);
      if (request.dryRun)
        return {
          dryRun: true,
          fromId,
          newIds,
          version: profile.version + 1,
          identifierCounts,
          retractedLinks: outcome.cut.length,
        };
      const operationId = `split-${randomUUID()}`;
      await this.profiles.retractLinks(tx, outcome.cut, {
        operationId,
        actor: request.actor,
        reason: request.reason,
      });
      for (const [index, component] of outcome.split.entries())
        await this.profiles.createWithIdentifiers(tx, newIds[index], component);
      if (outcome.keep.length === 0) await this.profiles.setStatus(tx, fromId, 'emptied');
      const version = await this.profiles.bumpVersion(tx, fromId);
      await this.profiles.recordProfileChange(tx, {
        customerId: fromId,
        kind: 'split',
        relatedIds: newIds,
        version,
        origin: 'manual',
        actor: request.actor,
        reason: request.reason,
        sourceEventId: operationId,
      });
      // Which past events each new profile now owns, so downstream services can re-key them.
      const movedEvents = await this.profiles.eventsMovedBySplit(tx, fromId, newIds);
      await this.outbox.enqueueMany(
        tx,
        profileSplitMessages(
          this.config.topics.profileChanges,
          { payload: { fromId, newIds, version }, moved: movedEvents },
          operationId,
        ),
      );
      return {
        dryRun: false,
        fromId,
        newIds,
        version,
        identifierCounts,
        retractedLinks: outcome.cut.length,
      };
    });
  }

  /** Resolves aliases to survivors and locks them; a survivor found stale under the lock is re-read. */
  private async lockedActive(
    tx: EntityManager,
    customerIds: readonly string[],
  ): Promise<ProfileRow[]> {
    const survivors = await Promise.all(
      customerIds.map(async (id) => {
        const survivor = await this.profiles.survivorOf(id, tx);
        if (survivor === undefined)
          throw new ApiError(404, 'profile_not_found', `no profile ${id}`);
        return survivor;
      }),
    );
    await lockProfiles(
      tx,
      survivors.map((s) => s.customerId),
    );
    const fresh = await this.profiles.readProfiles(
      tx,
      survivors.map((s) => s.customerId),
    );
    return survivors.map((s) => {
      const row = fresh.get(s.customerId);
      if (row === undefined || row.status !== 'active')
        throw new ApiError(
          409,
          'profile_changed',
          `profile ${s.customerId} is ${row?.status ?? 'gone'}; retry`,
        );
      return row;
    });
  }
}
