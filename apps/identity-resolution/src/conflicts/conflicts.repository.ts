import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export type ConflictStatus = 'open' | 'resolved';

export type ConflictRow = {
  id: string;
  profileIds: string[];
  identifierType: string;
  rule: string;
  reason: string;
  sourceEventId: string;
  status: string;
  createdAt: Date;
};

/** The conflicts table: merges the rules refused, listed for a person to decide. */
@Injectable()
export class ConflictsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** One page of conflicts with `status`, by id after `afterId`. */
  async list(query: {
    status: ConflictStatus;
    afterId: number | string;
    limit: number;
  }): Promise<ConflictRow[]> {
    const rows: {
      id: string;
      profile_ids: string[];
      identifier_type: string;
      rule: string;
      reason: string;
      source_event_id: string;
      status: string;
      created_at: Date;
    }[] = await this.dataSource.query(
      `SELECT id::text AS id, profile_ids, identifier_type, rule, reason, source_event_id, status, created_at FROM conflicts WHERE status = $1 AND id > $2 ORDER BY id LIMIT $3`,
      [query.status, query.afterId, query.limit],
    );
    return rows.map((row) => ({
      id: row.id,
      profileIds: row.profile_ids,
      identifierType: row.identifier_type,
      rule: row.rule,
      reason: row.reason,
      sourceEventId: row.source_event_id,
      status: row.status,
      createdAt: row.created_at,
    }));
  }

  /** Resolves the open conflicts a manual merge settled: those of `mergedId` among `profileIds` only. */
  async resolveSettledBy(
    tx: EntityManager,
    mergedId: string,
    profileIds: readonly string[],
  ): Promise<void> {
    await tx.query(
      `UPDATE conflicts SET status = 'resolved' WHERE status = 'open' AND profile_ids && $1::text[] AND profile_ids <@ $2::text[]`,
      [[mergedId], profileIds],
    );
  }
}
