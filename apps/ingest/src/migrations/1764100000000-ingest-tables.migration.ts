import { sqlMigration } from '@omni/database';

/**
 * The connector registry with its token buckets, the dedupe keys and the rejections. Table
 * names are unqualified: the connection's search_path is the service's own schema.
 */
export const IngestTables1764100000000 = sqlMigration({
  name: 'IngestTables1764100000000',
  up: [
    `
      CREATE TABLE connectors (
        id text PRIMARY KEY,
        name text NOT NULL,
        channels text[] NOT NULL,
        key_hash text NOT NULL,
        rate_limit_per_second integer NOT NULL CHECK (rate_limit_per_second > 0),
        burst integer NOT NULL CHECK (burst > 0),
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
    // One row per connector, shared by every replica, so the limit holds across the fleet.
    `
      CREATE TABLE rate_limit_buckets (
        connector_id text PRIMARY KEY REFERENCES connectors (id) ON DELETE CASCADE,
        tokens double precision NOT NULL,
        refilled_at timestamptz NOT NULL DEFAULT now(),
        granted boolean NOT NULL DEFAULT true
      )`,
    `
      CREATE TABLE dedupe_keys (
        connector_id text NOT NULL,
        event_id text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (connector_id, event_id)
      )`,
    `CREATE INDEX dedupe_keys_received_at_idx ON dedupe_keys (received_at)`,
    `
      CREATE TABLE rejections (
        id bigserial PRIMARY KEY,
        connector_id text,
        source text NOT NULL CHECK (source IN ('http', 'segment', 'kafka')),
        event_id text,
        event_type text,
        errors jsonb NOT NULL,
        input jsonb,
        rejected_at timestamptz NOT NULL DEFAULT now()
      )`,
    `CREATE INDEX rejections_connector_idx ON rejections (connector_id, rejected_at)`,
    `CREATE INDEX rejections_rejected_at_idx ON rejections (rejected_at)`,
  ],
  down: [
    `DROP TABLE rejections`,
    `DROP TABLE dedupe_keys`,
    `DROP TABLE rate_limit_buckets`,
    `DROP TABLE connectors`,
  ],
});
