import type { DataSource, QueryRunner } from 'typeorm';
import { queryRows, tableName } from '../sql';

export type DeadLetterRecord = {
  /** The consumer group that gave up, or `outbox-relay` for a message the relay could not publish. */
  consumerGroup: string;
  /** Where the message came from; for the relay, the topic it was meant for. */
  topic: string;
  /** Where it was read. For the relay, its place in the outbox: position in its row, row id. */
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  error: string;
  attempts: number;
  failedAt: Date;
};

/** `<schema>.dead_letters`: every rejected message, queryable next to the service's data. */
export class DeadLetterRepository {
  private readonly table: string;

  constructor(private readonly dataSource: DataSource) {
    this.table = tableName(dataSource, 'dead_letters');
  }

  /** Records each message once; `on` is a transaction to record them in, e.g. the relay's claim. */
  async record(records: DeadLetterRecord[], on?: QueryRunner): Promise<void> {
    if (records.length === 0) return;
    await queryRows(
      on ?? this.dataSource.manager,
      `INSERT INTO ${this.table} (consumer_group, topic, partition, "offset", key, value, headers, error, attempts, failed_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::bigint[], $5::text[], $6::bytea[], $7::jsonb[], $8::text[], $9::int[], $10::timestamptz[])
       ON CONFLICT (consumer_group, topic, partition, "offset") DO NOTHING`,
      [
        records.map((r) => r.consumerGroup),
        records.map((r) => r.topic),
        records.map((r) => r.partition),
        records.map((r) => r.offset),
        records.map((r) => r.key),
        records.map((r) => r.value),
        records.map((r) => JSON.stringify(r.headers)),
        records.map((r) => r.error),
        records.map((r) => r.attempts),
        records.map((r) => r.failedAt.toISOString()),
      ],
    );
  }
}
