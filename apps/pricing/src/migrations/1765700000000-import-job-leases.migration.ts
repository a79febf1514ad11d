import { sqlMigration } from '@omni/database';

/**
 * An import job keeps its input and a lease: the process running it renews the lease as it goes;
 * a job whose lease has expired (its process died) is taken over by another replica, which runs
 * it again from the stored input. Only the lease holder may write its progress or commit it.
 */
export const ImportJobLeases1765700000000 = sqlMigration({
  name: 'ImportJobLeases1765700000000',
  up: [
    `
      ALTER TABLE import_jobs
        ADD COLUMN input text,
        ADD COLUMN lease_owner text,
        ADD COLUMN lease_expires_at timestamptz,
        ADD COLUMN attempts integer NOT NULL DEFAULT 1`,
    `CREATE INDEX import_jobs_lease_idx ON import_jobs (lease_expires_at) WHERE status = 'running'`,
  ],
  down: [
    `DROP INDEX import_jobs_lease_idx`,
    `ALTER TABLE import_jobs DROP COLUMN input, DROP COLUMN lease_owner, DROP COLUMN lease_expires_at, DROP COLUMN attempts`,
  ],
});
