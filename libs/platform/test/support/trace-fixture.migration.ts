import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createLatestMessagingTables, dropLatestMessagingTables } from '@omni/messaging';

export class TraceFixture1764000000001 implements MigrationInterface {
  name = 'TraceFixture1764000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createLatestMessagingTables(queryRunner);
    await queryRunner.query(
      'CREATE TABLE seen_traces (event_id text PRIMARY KEY, trace_id text NOT NULL)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE seen_traces');
    await dropLatestMessagingTables(queryRunner);
  }
}
