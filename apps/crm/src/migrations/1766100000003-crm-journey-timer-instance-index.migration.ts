import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Timers by instance: completing an instance asks whether any of its timers is still pending,
 * and exits cancel an instance's timers. Without it each firing scanned every timer (9 firings/s
 * with 1,000,000 pending).
 */
export class CrmJourneyTimerInstanceIndex1766100000003 implements MigrationInterface {
  name = 'CrmJourneyTimerInstanceIndex1766100000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX journey_timers_instance_idx ON journey_timers (instance_id, status)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX journey_timers_instance_idx`);
  }
}
