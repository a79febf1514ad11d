import type { QueryRunner } from 'typeorm';
import { quoteIdent, schemaOf } from '../sql';

function schemaPrefix(queryRunner: QueryRunner): string {
  const schema = schemaOf(queryRunner.connection);
  // Without an explicit schema the tables land wherever search_path points (the service schema).
  return schema ? `${quoteIdent(schema)}.` : '';
}

/**
 * Creates the outbox, inbox and dead-letter tables in the connection's schema. Called by
 * every service's first migration so all services share one, reviewed layout.
 */
export async function createMessagingTables(queryRunner: QueryRunner): Promise<void> {
  const s = schemaPrefix(queryRunner);
  await queryRunner.query(`
    CREATE TABLE ${s}outbox (
      id bigserial PRIMARY KEY,
      topic text NOT NULL,
      key text NOT NULL,
      value bytea NOT NULL,
      headers jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
  // The relay checks "is there an older row for this key?" for every claimed key.
  await queryRunner.query(`CREATE INDEX outbox_key_id_idx ON ${s}outbox (key, id)`);
  await queryRunner.query(`
    CREATE TABLE ${s}inbox (
      consumer_group text NOT NULL,
      event_id text NOT NULL,
      topic text NOT NULL,
      partition integer NOT NULL,
      "offset" bigint NOT NULL,
      processed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer_group, event_id)
    )`);
  await queryRunner.query(`CREATE INDEX inbox_processed_at_idx ON ${s}inbox (processed_at)`);
  await queryRunner.query(`
    CREATE TABLE ${s}dead_letters (
      id bigserial PRIMARY KEY,
      consumer_group text NOT NULL,
      topic text NOT NULL,
      partition integer NOT NULL,
      "offset" bigint NOT NULL,
      key text,
      value bytea,
      headers jsonb NOT NULL DEFAULT '{}'::jsonb,
      error text NOT NULL,
      attempts integer NOT NULL,
      failed_at timestamptz NOT NULL DEFAULT now(),
      -- A redelivered poison message is recorded once.
      UNIQUE (consumer_group, topic, partition, "offset")
    )`);
  await queryRunner.query(
    `CREATE INDEX dead_letters_failed_at_idx ON ${s}dead_letters (failed_at)`,
  );
}

export async function dropMessagingTables(queryRunner: QueryRunner): Promise<void> {
  const s = schemaPrefix(queryRunner);
  await queryRunner.query(`DROP TABLE ${s}dead_letters`);
  await queryRunner.query(`DROP TABLE ${s}inbox`);
  await queryRunner.query(`DROP TABLE ${s}outbox`);
}
