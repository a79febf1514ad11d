import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTables, dropMessagingTables } from '@omni/messaging';

/** The outbox, inbox and dead-letter tables every service needs before any feature. */
export class InitialMessaging1764000000000 implements MigrationInterface {
  name = 'InitialMessaging1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createMessagingTables(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropMessagingTables(queryRunner);
  }
}
