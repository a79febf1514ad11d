import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** `insert`: an existing key fails the statement; `skip-existing`: it is passed over. */
export type ClaimMode = 'insert' | 'skip-existing';

/** A (connector, eventId) pair as one string, for sets of keys. */
export const dedupeKey = (connectorId: string, eventId: string) => `${connectorId}\u0000${eventId}`;

const PURGE_BATCH = 10_000;

/** The (connector, eventId) pairs ingest has accepted: what makes a redelivered event a duplicate. */
@Injectable()
export class DedupeKeysRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * One INSERT … RETURNING for every pair: the keys returned are new. Keys go in sorted order so
   * that concurrent transactions (other replicas included) sharing keys take their row locks in
   * the same order and wait for each other instead of deadlocking.
   */
  async claim(
    tx: EntityManager,
    pairs: readonly (readonly [connectorId: string, eventId: string])[],
    mode: ClaimMode,
  ): Promise<Set<string>> {
    if (pairs.length === 0) return new Set();
    const rows: { connector_id: string; event_id: string }[] = await tx.query(
      `INSERT INTO dedupe_keys (connector_id, event_id)
       SELECT c, e FROM unnest($1::text[], $2::text[]) AS k(c, e) ORDER BY c, e
       ${mode === 'skip-existing' ? 'ON CONFLICT DO NOTHING ' : ''}RETURNING connector_id, event_id`,
      [pairs.map(([connectorId]) => connectorId), pairs.map(([, eventId]) => eventId)],
    );
    return new Set(rows.map((row) => dedupeKey(row.connector_id, row.event_id)));
  }

  /**
   * Deletes keys received more than `retentionDays` ago, a bounded batch per statement so a long
   * backlog never holds locks for long; returns how many.
   */
  async purgeExpired(retentionDays: number): Promise<number> {
    let total = 0;
    for (;;) {
      const [, deleted]: [unknown, number] = await this.dataSource.query(
        `DELETE FROM dedupe_keys WHERE ctid IN (
           SELECT ctid FROM dedupe_keys WHERE received_at < now() - make_interval(days => $1) LIMIT ${PURGE_BATCH})`,
        [retentionDays],
      );
      total += deleted;
      if (deleted < PURGE_BATCH) return total;
    }
  }
}
