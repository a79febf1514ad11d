import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  createLatestMessagingTables,
  dropLatestMessagingTables,
} from '../../src/migrations/messaging-tables';

/** The messaging tables plus small effect tables the specs' handlers write to. */
export class MessagingTestTables1700000000000 implements MigrationInterface {
  name = 'MessagingTestTables1700000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createLatestMessagingTables(queryRunner);
    // No unique constraint on event_id on purpose: a duplicate effect must be visible.
    await queryRunner.query(`CREATE TABLE effects (
      id bigserial PRIMARY KEY,
      consumer_group text NOT NULL,
      event_id text NOT NULL,
      account text NOT NULL,
      amount bigint NOT NULL
    )`);
    await queryRunner.query(
      `CREATE TABLE balances (account text PRIMARY KEY, total bigint NOT NULL DEFAULT 0)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE balances`);
    await queryRunner.query(`DROP TABLE effects`);
    await dropLatestMessagingTables(queryRunner);
  }
}
