import { sqlMigration } from '@omni/database';

/** Price-list imports as jobs that can be polled: progress, per-row errors, outcome. */
export const ImportJobs1765500000000 = sqlMigration({
  name: 'ImportJobs1765500000000',
  up: [
    `
      CREATE TABLE import_jobs (
        id text PRIMARY KEY,
        price_list_id text NOT NULL REFERENCES price_lists (id) ON DELETE CASCADE,
        format text NOT NULL CHECK (format IN ('csv', 'json')),
        status text NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
        publish boolean NOT NULL,
        total_rows integer NOT NULL,
        processed_rows integer NOT NULL DEFAULT 0,
        error_count integer NOT NULL DEFAULT 0,
        errors jsonb NOT NULL DEFAULT '[]',
        failure jsonb,
        actor text NOT NULL,
        reason text NOT NULL,
        created_at timestamptz NOT NULL,
        finished_at timestamptz
      )`,
    `CREATE INDEX import_jobs_list_idx ON import_jobs (price_list_id)`,
  ],
  down: [`DROP TABLE import_jobs`],
});
