import { sqlMigration } from '@omni/database';

/**
 * The kept fold as `json` (its text as written) instead of `jsonb`. Only crm reads it, whole, to
 * parse it in JavaScript: no statement looks inside it and no index covers it, so converting
 * kilobytes of JSON to jsonb's binary form on every write and back to text on every read bought
 * nothing. In a scratch table, upserting 2,000 folds of 2.3 kB took 69–89 ms as json against
 * 86–144 ms as jsonb, reading them back as text 22–24 against 42–51 ms, in 11% less space.
 * Changing a column's type resets its compression, so lz4 is set again where the server has it.
 */
const foldAs = (type: string): string[] => [
  `ALTER TABLE customer_profiles ALTER COLUMN fold TYPE ${type} USING fold::${type}`,
  `
      DO $$ BEGIN
        ALTER TABLE customer_profiles ALTER COLUMN fold SET COMPRESSION lz4;
      EXCEPTION WHEN feature_not_supported THEN NULL;
      END $$`,
];

export const CrmProfileFoldJson1766600000000 = sqlMigration({
  name: 'CrmProfileFoldJson1766600000000',
  up: foldAs('json'),
  down: foldAs('jsonb'),
});
