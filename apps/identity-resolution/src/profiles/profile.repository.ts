import { Injectable } from '@nestjs/common';
import { eventDedupeKey } from '@omni/contracts';
import { DataSource, type EntityManager } from 'typeorm';

export type ProfileRow = {
  customerId: string;
  status: string;
  mergedInto: string | null;
  version: number;
  createdAt: Date;
  suppressed: boolean;
};

/** A profiles row as Postgres returns it. */
export type ProfileRecord = {
  customer_id: string;
  status: string;
  merged_into: string | null;
  version: number;
  created_at: Date;
  suppressed: boolean;
};

export const profileRow = (r: ProfileRecord): ProfileRow => ({
  customerId: r.customer_id,
  status: r.status,
  mergedInto: r.merged_into,
  version: r.version,
  createdAt: r.created_at,
  suppressed: r.suppressed,
});

/** Why two identifiers were linked: the event (or operation) that showed them together. */
export type LinkEvidence = {
  sourceEventId: string;
  channel: string | null;
  rule: string;
  occurredAt: Date;
};

/** A profile_changes row: the audit of a merge, split or erasure. */
export type ProfileChangeRecord = {
  customerId: string;
  kind: 'merged' | 'split' | 'erased';
  relatedIds: readonly string[];
  version: number;
  origin: 'automatic' | 'manual';
  actor: string | null;
  reason: string | null;
  sourceEventId: string | null;
};

export type IdentifierRecord = {
  id: string;
  type: string;
  base_type: string;
  key_id: string;
  value_encrypted: string;
  linked_at: Date;
};

export type LinkRecord = {
  id: string;
  from_identifier: string;
  to_identifier: string;
  source_event_id: string;
  channel: string | null;
  rule: string;
  occurred_at: Date;
  active: boolean;
};

export type HistoryRecord = {
  kind: string;
  customer_id: string;
  related_ids: string[];
  version: number;
  origin: string;
  actor: string | null;
  reason: string | null;
  source_event_id: string | null;
  created_at: Date;
};

/**
 * A profile's rows outside resolution's batch write: the profile itself, its identifiers,
 * links, aliases and history, and the manual merge and split that change them. Methods that
 * take a transaction run in the caller's; the others read through the pool.
 */
@Injectable()
export class ProfileRepository {
  constructor(private readonly dataSource: DataSource) {}

  async readProfiles(
    tx: EntityManager,
    customerIds: readonly string[],
  ): Promise<Map<string, ProfileRow>> {
    if (customerIds.length === 0) return new Map();
    const rows: ProfileRecord[] = await tx.query(
      `SELECT customer_id, status, merged_into, version, created_at, suppressed FROM profiles WHERE customer_id = ANY($1::text[])`,
      [customerIds],
    );
    return new Map(rows.map((r) => [r.customer_id, profileRow(r)]));
  }

  /** Follows an alias to the profile that survived it. */
  async survivorOf(
    customerId: string,
    tx: EntityManager = this.dataSource.manager,
  ): Promise<ProfileRow | undefined> {
    const row = (await this.readProfiles(tx, [customerId])).get(customerId);
    if (row?.mergedInto == null) return row;
    return (await this.readProfiles(tx, [row.mergedInto])).get(row.mergedInto);
  }

  /** The profile holding the identifier with look-up hash `hash`, if any. */
  async profileIdByHash(hash: string): Promise<string | undefined> {
    const rows: { profile_id: string }[] = await this.dataSource.query(
      `SELECT profile_id FROM identifiers WHERE hash = $1`,
      [hash],
    );
    return rows[0]?.profile_id;
  }

  identifiersOf(customerId: string): Promise<IdentifierRecord[]> {
    return this.dataSource.query(
      `SELECT i.id::text AS id, i.type, i.base_type, i.key_id, i.value_encrypted, i.linked_at FROM identifiers i WHERE i.profile_id = $1 ORDER BY i.id`,
      [customerId],
    );
  }

  /** Every link touching the profile's identifiers, with whether a split has retracted it. */
  linksOf(customerId: string): Promise<LinkRecord[]> {
    return this.dataSource.query(
      `SELECT l.id::text AS id, l.from_identifier::text AS from_identifier, l.to_identifier::text AS to_identifier, l.source_event_id, l.channel, l.rule, l.occurred_at,
                NOT EXISTS (SELECT 1 FROM link_retractions r WHERE r.link_id = l.id) AS active
         FROM links l JOIN identifiers i ON i.id = l.from_identifier OR i.id = l.to_identifier
         WHERE i.profile_id = $1 GROUP BY l.id ORDER BY l.id`,
      [customerId],
    );
  }

  /** The profiles merged into `customerId`, which now answer with it. */
  async aliasesOf(
    customerId: string,
    tx: EntityManager = this.dataSource.manager,
  ): Promise<string[]> {
    const rows: { customer_id: string }[] = await tx.query(
      `SELECT customer_id FROM profiles WHERE merged_into = $1 ORDER BY customer_id`,
      [customerId],
    );
    return rows.map((row) => row.customer_id);
  }

  historyOf(customerId: string): Promise<HistoryRecord[]> {
    return this.dataSource.query(
      // Containment, not `= ANY`: only `@>` is served by the GIN index on related_ids, so the
      // look-up costs the same however long the whole history grows.
      `SELECT * FROM profile_changes WHERE customer_id = $1 OR related_ids @> ARRAY[$1::text] ORDER BY id`,
      [customerId],
    );
  }

  async identifierCount(tx: EntityManager, customerIds: readonly string[]): Promise<number> {
    const rows: { n: string }[] = await tx.query(
      `SELECT count(*)::text AS n FROM identifiers WHERE profile_id = ANY($1::text[])`,
      [customerIds],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** Each profile's first identifier, which a manual merge links to record its evidence. */
  async anchorsOf(tx: EntityManager, customerIds: readonly string[]): Promise<Map<string, string>> {
    const rows: { id: string; profile_id: string }[] = await tx.query(
      `SELECT DISTINCT ON (i.profile_id) i.id::text AS id, i.profile_id FROM identifiers i WHERE i.profile_id = ANY($1::text[]) ORDER BY i.profile_id, i.id`,
      [customerIds],
    );
    return new Map(rows.map((row) => [row.profile_id, row.id]));
  }

  membersOf(tx: EntityManager, customerId: string): Promise<{ id: string; hash: string }[]> {
    return tx.query(`SELECT id::text AS id, hash FROM identifiers WHERE profile_id = $1`, [
      customerId,
    ]);
  }

  /** The links from the profile's identifiers that no split has retracted. */
  activeLinksOf(
    tx: EntityManager,
    customerId: string,
  ): Promise<{ id: string; from: string; to: string }[]> {
    return tx.query(
      `SELECT l.id::text AS id, l.from_identifier::text AS "from", l.to_identifier::text AS "to"
       FROM links l JOIN identifiers i ON i.id = l.from_identifier
       WHERE i.profile_id = $1 AND NOT EXISTS (SELECT 1 FROM link_retractions r WHERE r.link_id = l.id)`,
      [customerId],
    );
  }

  async insertLinks(
    tx: EntityManager,
    pairs: readonly [string, string][],
    evidence: LinkEvidence,
  ): Promise<void> {
    if (pairs.length === 0) return;
    await tx.query(
      `INSERT INTO links (from_identifier, to_identifier, source_event_id, channel, rule, occurred_at)
       SELECT f, t, $3, $4, $5, $6 FROM unnest($1::bigint[], $2::bigint[]) AS p(f, t)`,
      [
        pairs.map((p) => p[0]),
        pairs.map((p) => p[1]),
        evidence.sourceEventId,
        evidence.channel,
        evidence.rule,
        evidence.occurredAt,
      ],
    );
  }

  /** Links stay (they are append-only); a retraction records that a split cut them. */
  async retractLinks(
    tx: EntityManager,
    linkIds: readonly string[],
    audit: { operationId: string; actor: string; reason: string },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO link_retractions (link_id, operation_id, actor, reason) SELECT unnest($1::bigint[]), $2, $3, $4`,
      [linkIds, audit.operationId, audit.actor, audit.reason],
    );
  }

  /** A new profile that takes the identifiers `identifierIds` from the one they were in. */
  async createWithIdentifiers(
    tx: EntityManager,
    customerId: string,
    identifierIds: readonly string[],
  ): Promise<void> {
    await tx.query(`INSERT INTO profiles (customer_id, created_at) VALUES ($1, now())`, [
      customerId,
    ]);
    await tx.query(`UPDATE identifiers SET profile_id = $1 WHERE id = ANY($2::bigint[])`, [
      customerId,
      identifierIds,
    ]);
  }

  async setStatus(
    tx: EntityManager,
    customerId: string,
    status: 'emptied' | 'erased',
  ): Promise<void> {
    await tx.query(`UPDATE profiles SET status = $2 WHERE customer_id = $1`, [customerId, status]);
  }

  /** Folds `mergedIds` into `survivorId`: identifiers move, the merged profiles become aliases. */
  async foldProfiles(
    tx: EntityManager,
    survivorId: string,
    mergedIds: readonly string[],
  ): Promise<void> {
    if (mergedIds.length === 0) return;
    await tx.query(`UPDATE identifiers SET profile_id = $1 WHERE profile_id = ANY($2::text[])`, [
      survivorId,
      mergedIds,
    ]);
    await tx.query(
      `UPDATE profiles SET merged_into = $1, updated_at = now() WHERE merged_into = ANY($2::text[])`,
      [survivorId, mergedIds],
    );
    await tx.query(
      `UPDATE profiles SET status = 'merged', merged_into = $1, updated_at = now() WHERE customer_id = ANY($2::text[])`,
      [survivorId, mergedIds],
    );
  }

  async bumpVersion(tx: EntityManager, customerId: string): Promise<number> {
    const rows: { version: number }[] = await tx.query(
      // A CTE, because TypeORM returns [rows, count] for a bare UPDATE.
      `WITH bumped AS (UPDATE profiles SET version = version + 1, updated_at = now() WHERE customer_id = $1 RETURNING version) SELECT version FROM bumped`,
      [customerId],
    );
    return rows[0].version;
  }

  async recordProfileChange(tx: EntityManager, change: ProfileChangeRecord): Promise<void> {
    await tx.query(
      `INSERT INTO profile_changes (customer_id, kind, related_ids, version, origin, actor, reason, source_event_id)
       VALUES ($1, $2, $3::text[], $4, $5, $6, $7, $8)`,
      [
        change.customerId,
        change.kind,
        change.relatedIds,
        change.version,
        change.origin,
        change.actor,
        change.reason,
        change.sourceEventId,
      ],
    );
  }

  /**
   * The past events of `fromId` (and of the profiles merged into it) that a split has moved: an
   * event goes where the identifier it was resolved through now is. Keys are eventDedupeKey's
   * (`connectorId:eventId`), in the order the events were resolved.
   */
  async eventsMovedBySplit(
    tx: EntityManager,
    fromId: string,
    newIds: readonly string[],
  ): Promise<Map<string, string[]>> {
    const rows: { event_id: string; connector_id: string | null; customer_id: string }[] =
      await tx.query(
        `SELECT l.source_event_id AS event_id, l.connector_id, i.profile_id AS customer_id
       FROM resolution_log l JOIN identifiers i ON i.hash = l.identifier_hash
       WHERE l.customer_id IN (SELECT $1 UNION ALL SELECT customer_id FROM profiles WHERE merged_into = $1)
         AND i.profile_id = ANY($2::text[])
       ORDER BY l.seq`,
        [fromId, newIds],
      );
    const moved = new Map<string, string[]>(newIds.map((id) => [id, []]));
    for (const row of rows)
      moved
        .get(row.customer_id)
        ?.push(
          eventDedupeKey({ eventId: row.event_id, connectorId: row.connector_id ?? undefined }),
        );
    return moved;
  }
}
