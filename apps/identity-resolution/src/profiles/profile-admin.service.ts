import { randomUUID } from 'node:crypto';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Outbox } from '@omni/messaging';
import type { DataSource, EntityManager } from 'typeorm';
import { apiError } from '../admin-auth/api-error';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config/identity-config';
import {
  bumpVersion,
  foldProfiles,
  insertLinks,
  lockProfiles,
  readProfiles,
  recordProfileChange,
  survivorOf,
  type ProfileRow,
} from '../graph/graph.repository';
import { profileChangeMessage } from '../graph/profile-change-events';
import type { MergeRequest, MergeResultDto, SplitRequest, SplitResultDto } from './dto/profile.dto';
import { ProfileQueryService } from './profile-query.service';
import { splitComponents } from './split-components';

const newCustomerId = () => `cus_${randomUUID().replaceAll('-', '').slice(0, 24)}`;

/**
 * Manual merge and split. Each runs in one transaction with its audit row and its
 * profile-changes event; a dry run computes the same result and writes nothing.
 */
@Injectable()
export class ProfileAdminService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly outbox: Outbox,
    private readonly query: ProfileQueryService,
  ) {}

  merge(request: MergeRequest): Promise<MergeResultDto> {
    return this.dataSource.transaction(async (tx) => {
      const [a, b] = await this.lockedActive(tx, request.customerIds);
      if (a.customerId === b.customerId)
        throw apiError(
          HttpStatus.CONFLICT,
          'already_merged',
          `${request.customerIds.join(' and ')} are already one profile`,
        );
      const aIsOlder =
        (a.createdAt.getTime() - b.createdAt.getTime() ||
          a.customerId.localeCompare(b.customerId)) < 0;
      const [survivor, merged] = aIsOlder ? [a, b] : [b, a];
      const counts: { profile_id: string; n: string }[] = await tx.query(
        `SELECT profile_id, count(*)::text AS n FROM identifiers WHERE profile_id = ANY($1::text[]) GROUP BY profile_id`,
        [[a.customerId, b.customerId]],
      );
      const identifierCount = counts.reduce((sum, row) => sum + Number(row.n), 0);
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
      const anchors: { id: string; profile_id: string }[] = await tx.query(
        `SELECT DISTINCT ON (i.profile_id) i.id::text AS id, i.profile_id FROM identifiers i WHERE i.profile_id = ANY($1::text[]) ORDER BY i.profile_id, i.id`,
        [[survivor.customerId, merged.customerId]],
      );
      const anchorOf = (id: string) => anchors.find((row) => row.profile_id === id)?.id;
      await foldProfiles(tx, survivor.customerId, [merged.customerId]);
      const from = anchorOf(survivor.customerId);
      const to = anchorOf(merged.customerId);
      if (from !== undefined && to !== undefined) {
        await insertLinks(tx, [[from, to]], {
          sourceEventId: operationId,
          channel: null,
          rule: `manual-merge by ${request.actor}`,
          occurredAt: new Date(),
        });
      }
      const version = await bumpVersion(tx, survivor.customerId);
      await tx.query(
        `UPDATE conflicts SET status = 'resolved' WHERE status = 'open' AND profile_ids && $1::text[] AND profile_ids <@ $2::text[]`,
        [[merged.customerId], [survivor.customerId, merged.customerId]],
      );
      await recordProfileChange(tx, {
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
      const members: { id: string; hash: string }[] = await tx.query(
        `SELECT id::text AS id, hash FROM identifiers WHERE profile_id = $1`,
        [fromId],
      );
      const byHash = new Map(members.map((m) => [m.hash, m.id]));
      const moved = new Set<string>();
      for (const ref of request.identifiers) {
        const id = byHash.get(this.query.hashOf(ref.type, ref.value));
        if (id === undefined)
          throw apiError(
            HttpStatus.UNPROCESSABLE_ENTITY,
            'identifier_not_in_profile',
            `the ${ref.type} given is not an identifier of ${fromId}`,
          );
        moved.add(id);
      }
      const edges: { id: string; from: string; to: string }[] = await tx.query(
        `SELECT l.id::text AS id, l.from_identifier::text AS "from", l.to_identifier::text AS "to"
         FROM links l JOIN identifiers i ON i.id = l.from_identifier
         WHERE i.profile_id = $1 AND NOT EXISTS (SELECT 1 FROM link_retractions r WHERE r.link_id = l.id)`,
        [fromId],
      );
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
      await tx.query(
        `INSERT INTO link_retractions (link_id, operation_id, actor, reason) SELECT unnest($1::bigint[]), $2, $3, $4`,
        [outcome.cut, operationId, request.actor, request.reason],
      );
      for (const [index, component] of outcome.split.entries()) {
        await tx.query(`INSERT INTO profiles (customer_id, created_at) VALUES ($1, now())`, [
          newIds[index],
        ]);
        await tx.query(`UPDATE identifiers SET profile_id = $1 WHERE id = ANY($2::bigint[])`, [
          newIds[index],
          component,
        ]);
      }
      if (outcome.keep.length === 0)
        await tx.query(`UPDATE profiles SET status = 'emptied' WHERE customer_id = $1`, [fromId]);
      const version = await bumpVersion(tx, fromId);
      await recordProfileChange(tx, {
        customerId: fromId,
        kind: 'split',
        relatedIds: newIds,
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
          { type: 'profile.split', customerId: fromId, payload: { fromId, newIds, version } },
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
        const survivor = await survivorOf(tx, id);
        if (survivor === undefined)
          throw apiError(HttpStatus.NOT_FOUND, 'profile_not_found', `no profile ${id}`);
        return survivor;
      }),
    );
    await lockProfiles(
      tx,
      survivors.map((s) => s.customerId),
    );
    const fresh = await readProfiles(
      tx,
      survivors.map((s) => s.customerId),
    );
    return survivors.map((s) => {
      const row = fresh.get(s.customerId);
      if (row === undefined || row.status !== 'active')
        throw apiError(
          HttpStatus.CONFLICT,
          'profile_changed',
          `profile ${s.customerId} is ${row?.status ?? 'gone'}; retry`,
        );
      return row;
    });
  }
}
