import { sqlMigration } from '@omni/database';

const collate = (collation: string): string[] => [
  `ALTER TABLE identifiers ALTER COLUMN hash TYPE text COLLATE ${collation}`,
  `ALTER TABLE suppressions ALTER COLUMN hash TYPE text COLLATE ${collation}`,
];

/**
 * Identifier hashes compared byte by byte (COLLATE "C"), as the inbox key is: a hex HMAC has no
 * linguistic order, and every batch looks hundreds of them up by their unique index, which
 * under the database's default collation compares through the C library. Rebuilds the two
 * indexes, so the tables are locked while it runs; equality is unchanged, so replicas of the
 * previous version keep working.
 */
export const IdentityHashesBytewise1764600000000 = sqlMigration({
  name: 'IdentityHashesBytewise1764600000000',
  up: collate('"C"'),
  down: collate('"default"'),
});
