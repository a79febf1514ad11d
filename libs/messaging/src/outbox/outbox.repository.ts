import type { DataSource, QueryRunner } from 'typeorm';
import { queryRows, tableName } from '../sql';

export type OutboxRow = {
  id: string;
  topic: string;
  key: string;
  value: Buffer;
  headers: Record<string, string>;
};

/**
 * One claimed batch: its rows are already deleted inside an open transaction, so they
 * vanish only if the transaction commits after they were published.
 */
export type OutboxClaim = {
  rows: OutboxRow[];
  commit(): Promise<void>;
  rollback(): Promise<void>;
};

export class OutboxRepository {
  private readonly outbox: string;

  constructor(private readonly dataSource: DataSource) {
    this.outbox = tableName(dataSource, 'outbox');
  }

  /**
   * Claims up to `limit` of the oldest rows that no other transaction holds, in id order,
   * and deletes them in a transaction left open. Per-key order across relays: a claimed
   * row is dropped from the batch (but stays locked until we finish) when an older row of
   * its key exists that this batch did not claim — it is held by another relay, or by our
   * own batch still in flight (`inFlight`, which is published before this one).
   */
  async claim(limit: number, inFlight: readonly string[]): Promise<OutboxClaim> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      // Losing this commit in a crash only re-publishes rows consumers already dedupe,
      // so skip waiting for the WAL flush.
      await runner.query('BEGIN; SET LOCAL synchronous_commit TO OFF');
      const rows = await queryRows<Omit<OutboxRow, 'value'> & { value: string }>(
        runner,
        `WITH claimed AS (
           SELECT ctid, id, key FROM ${this.outbox} ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED
         ), older AS MATERIALIZED (
           -- Every row ahead of the last claimed one: ours, in flight, or held by someone else.
           SELECT id, key FROM ${this.outbox} WHERE id < (SELECT max(id) FROM claimed) ORDER BY id
         ), gaps AS (
           SELECT key, min(id) AS gap_id FROM older
           WHERE id NOT IN (SELECT id FROM claimed UNION ALL SELECT unnest($2::bigint[]))
           GROUP BY key
         ), published AS (
           DELETE FROM ${this.outbox} o
           USING claimed c LEFT JOIN gaps g ON g.key = c.key
           WHERE o.ctid = c.ctid AND (g.gap_id IS NULL OR c.id < g.gap_id)
           -- Base64 is two thirds the size of the hex pg would send bytea as.
           RETURNING o.id, o.topic, o.key, encode(o.value, 'base64') AS value, o.headers
         )
         SELECT * FROM published`,
        [limit, inFlight],
      );
      // Sorting here is cheaper than having Postgres sort a megabyte of tuples.
      const claimed = rows
        .map((row) => ({ ...row, value: Buffer.from(row.value, 'base64') }))
        .sort(byId);
      return {
        rows: claimed,
        commit: () => finish(runner, 'COMMIT'),
        rollback: () => finish(runner, 'ROLLBACK'),
      };
    } catch (error) {
      await finish(runner, 'ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  async lag(): Promise<{ rows: number; oldestAgeMs: number }> {
    const [row] = await queryRows<{ rows: number; oldest_age_ms: number }>(
      this.dataSource.manager,
      `SELECT count(*)::int AS rows,
              COALESCE(EXTRACT(EPOCH FROM clock_timestamp() - min(created_at)) * 1000, 0)::float8 AS oldest_age_ms
       FROM ${this.outbox}`,
    );
    return { rows: row?.rows ?? 0, oldestAgeMs: Math.max(0, Math.round(row?.oldest_age_ms ?? 0)) };
  }
}

// Ids are bigint strings: a shorter one is smaller, equal lengths compare as text.
const byId = (a: OutboxRow, b: OutboxRow) =>
  a.id.length - b.id.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

async function finish(runner: QueryRunner, command: 'COMMIT' | 'ROLLBACK'): Promise<void> {
  try {
    await runner.query(command);
  } finally {
    await runner.release();
  }
}
