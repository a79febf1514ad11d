import { sqlMigration } from '@omni/database';

/**
 * Which survivor a merged customer id folded into, so a client holding the old id is sent to
 * the survivor (`308`) instead of a `404`. A chain of merges points every old id at the last
 * survivor; erasing the survivor forgets the ids merged into it.
 */
export const CrmMergedCustomers1766200000000 = sqlMigration({
  name: 'CrmMergedCustomers1766200000000',
  up: [
    `
      CREATE TABLE merged_customers (
        customer_id text COLLATE "C" PRIMARY KEY,
        survivor_id text COLLATE "C" NOT NULL,
        merged_at timestamptz NOT NULL
      )`,
    `CREATE INDEX merged_customers_survivor_idx ON merged_customers (survivor_id)`,
  ],
  down: [`DROP TABLE merged_customers`],
});
