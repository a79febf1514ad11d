import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dedupe keys are appended in time order and only ever looked up by age for the purge, so a
 * BRIN index on received_at does that job for a fraction of a btree's upkeep: a btree entry
 * per accepted event was a third of Postgres's work on the ingest path.
 */
export class DedupeKeysBrin1764200000000 implements MigrationInterface {
  name = 'DedupeKeysBrin1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX dedupe_keys_received_at_idx`);
    await queryRunner.query(
      `CREATE INDEX dedupe_keys_received_at_brin ON dedupe_keys USING brin (received_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX dedupe_keys_received_at_brin`);
    await queryRunner.query(
      `CREATE INDEX dedupe_keys_received_at_idx ON dedupe_keys (received_at)`,
    );
  }
}
