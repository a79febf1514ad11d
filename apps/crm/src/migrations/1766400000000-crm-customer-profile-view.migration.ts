import { sqlMigration } from '@omni/database';

/**
 * The profile as `GET /v1/customers/{id}` shows it, kept on write next to its fold (`view`,
 * JSON text in the answer's key order), with the trait strategies it was merged by
 * (`view_strategies`), so Postgres assembles the whole answer in one statement. A row whose
 * view is missing or was merged by other strategies is folded again when read. Both JSON
 * columns are compressed with lz4 where the server has it.
 */
export const CrmCustomerProfileView1766400000000 = sqlMigration({
  name: 'CrmCustomerProfileView1766400000000',
  up: [
    `ALTER TABLE customer_profiles ADD COLUMN view json, ADD COLUMN view_strategies text`,
    // Every batch rewrites the rows of its customers: lz4 compresses them several times faster
    // than the default pglz. A server built without lz4 keeps pglz.
    `
      DO $$ BEGIN
        ALTER TABLE customer_profiles
          ALTER COLUMN fold SET COMPRESSION lz4, ALTER COLUMN view SET COMPRESSION lz4;
      EXCEPTION WHEN feature_not_supported THEN NULL;
      END $$`,
  ],
  down: [`ALTER TABLE customer_profiles DROP COLUMN view, DROP COLUMN view_strategies`],
});
