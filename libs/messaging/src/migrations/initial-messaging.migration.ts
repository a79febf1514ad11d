import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTables, dropMessagingTables } from './messaging-tables';

/**
 * Every service's first migration: the outbox, inbox and dead-letter tables, in the service's
 * own schema. Services list this class first in their migrations; it is never rewritten.
 */
export class InitialMessaging1764000000000 implements MigrationInterface {
  name = 'InitialMessaging1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createMessagingTables(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropMessagingTables(queryRunner);
  }
}
