import type { DataSource, QueryRunner } from 'typeorm';
import { DeadLetterRepository, type DeadLetterRecord } from '../consumer/dead-letter.repository';
import { queryRows, tableName } from '../sql';
import { decodeBundle } from './outbox-bundle';

/** One message to publish, with the id of the outbox row that carries it. */
export type OutboxRow = {
  id: string;
  /** Its place in that row: 0 for a single-message row, else its index in the bundle. */
  position: number;
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
  /** The claimed rows' ids, ascending. */
  ids: string[];
  /** Their messages in publishing order: by row id, then as enqueued in a bundle. */
  rows: OutboxRow[];
  /** True when older rows than the limit allowed were waiting: claim again at once. */
  full: boolean;
  /** Records dead letters in the claim's transaction: they commit exactly with the delete. */
  deadLetter(records: DeadLetterRecord[]): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
};

export class OutboxRepository {
  private readonly outbox: string;
  private readonly deadLetters: DeadLetterRepository;

  constructor(private readonly dataSource: DataSource) {
    this.outbox = tableName(dataSource, 'outbox');
    this.deadLetters = new DeadLetterRepository(dataSource);
  }

  /**
   * Claims the oldest rows that no other transaction holds, in id order, carrying up to
   * `limit` messages (at least one row, whatever it carries), and deletes them in a
   * transaction left open. Rows locked beyond the limit are left as they are. Per-key
   * (for bundles, per-bucket) order across relays: a claimed row is dropped from the batch
   * (but stays locked until we finish) when an older row of its key exists that this batch
   * did not claim — it is held by another relay, or by our own batch still in flight
   * (`inFlight`, which is published before this one).
   */
  async claim(limit: number, inFlight: readonly string[]): Promise<OutboxClaim> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      // Losing this commit in a crash only re-publishes rows consumers already dedupe,
      // so skip waiting for the WAL flush.
      await runner.query('BEGIN; SET LOCAL synchronous_commit TO OFF');
      const rows = await queryRows<
        Omit<OutboxRow, 'value'> & {
          value: string;
          bundle: boolean;
          locked: number;
          claimed: number;
        }
      >(
        runner,
        `WITH locked AS (
           SELECT ctid, id, key, messages FROM ${this.outbox} ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED
         ), claimed AS (
           SELECT ctid, id, key FROM (
             SELECT ctid, id, key, messages, sum(messages) OVER (ORDER BY id) AS upto FROM locked
           ) l
           WHERE upto - messages < $1
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
           RETURNING o.id, o.topic, o.key, encode(o.value, 'base64') AS value, o.headers, o.bundle
         )
         SELECT p.*, (SELECT count(*) FROM locked)::int AS locked, (SELECT count(*) FROM claimed)::int AS claimed
         FROM published p`,
        [limit, inFlight],
      );
      // Sorting here is cheaper than having Postgres sort a megabyte of tuples.
      const claimed = rows.sort(byId);
      return {
        ids: claimed.map((row) => row.id),
        full:
          claimed.length > 0 &&
          (claimed[0].locked >= limit || claimed[0].locked > claimed[0].claimed),
        rows: claimed.flatMap((row): OutboxRow[] => {
          const value = Buffer.from(row.value, 'base64');
          if (!row.bundle)
            return [
              {
                id: row.id,
                position: 0,
                topic: row.topic,
                key: row.key,
                value,
                headers: row.headers,
              },
            ];
          return decodeBundle(value).map((m, position) => ({ id: row.id, position, ...m }));
        }),
        deadLetter: (records) => this.deadLetters.record(records, runner),
        commit: () => finish(runner, 'COMMIT'),
        rollback: () => finish(runner, 'ROLLBACK'),
      };
    } catch (error) {
      await finish(runner, 'ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  /** Messages not yet published (a bundle counts what it carries) and the age of the oldest. */
  async lag(): Promise<{ rows: number; oldestAgeMs: number }> {
    const [row] = await queryRows<{ rows: number; oldest_age_ms: number }>(
      this.dataSource.manager,
      `SELECT COALESCE(sum(messages), 0)::int AS rows,
              COALESCE(EXTRACT(EPOCH FROM clock_timestamp() - min(created_at)) * 1000, 0)::float8 AS oldest_age_ms
       FROM ${this.outbox}`,
    );
    return { rows: row?.rows ?? 0, oldestAgeMs: Math.max(0, Math.round(row?.oldest_age_ms ?? 0)) };
  }
}

// Ids are bigint strings: a shorter one is smaller, equal lengths compare as text.
const byId = (a: { id: string }, b: { id: string }) =>
  a.id.length - b.id.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

async function finish(runner: QueryRunner, command: 'COMMIT' | 'ROLLBACK'): Promise<void> {
  try {
    await runner.query(command);
  } finally {
    await runner.release();
  }
}
