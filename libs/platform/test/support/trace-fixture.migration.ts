import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  addOutboxBundles,
  compressOutboxValues,
  inboxKeysBytewise,
  createMessagingTables,
  dropMessagingTables,
  removeOutboxBundles,
} from '@omni/messaging';

export class TraceFixture1764000000001 implements MigrationInterface {
  name = 'TraceFixture1764000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createMessagingTables(queryRunner);
    await addOutboxBundles(queryRunner);
    await compressOutboxValues(queryRunner);
    await inboxKeysBytewise(queryRunner);
    await queryRunner.query(
      'CREATE TABLE seen_traces (event_id text PRIMARY KEY, trace_id text NOT NULL)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE seen_traces');
    await removeOutboxBundles(queryRunner);
    await dropMessagingTables(queryRunner);
  }
}
