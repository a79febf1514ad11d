import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Identifier hashes compared byte by byte (COLLATE "C"), as the inbox key is: a hex HMAC has no
 * linguistic order, and every batch looks hundreds of them up by their unique index, which
 * under the database's default collation compares through the C library. Rebuilds the two
 * indexes, so the tables are locked while it runs; equality is unchanged, so replicas of the
 * previous version keep working.
 */
export class IdentityHashesBytewise1764600000000 implements MigrationInterface {
  name = 'IdentityHashesBytewise1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await collate(queryRunner, '"C"');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await collate(queryRunner, '"default"');
  }
}

async function collate(queryRunner: QueryRunner, collation: string): Promise<void> {
  await queryRunner.query(
    `ALTER TABLE identifiers ALTER COLUMN hash TYPE text COLLATE ${collation}`,
  );
  await queryRunner.query(
    `ALTER TABLE suppressions ALTER COLUMN hash TYPE text COLLATE ${collation}`,
  );
}
