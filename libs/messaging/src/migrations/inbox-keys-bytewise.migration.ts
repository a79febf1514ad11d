import type { MigrationInterface, QueryRunner } from 'typeorm';
import { inboxKeysByDefaultCollation, inboxKeysBytewise } from './messaging-tables';

/**
 * The inbox key (consumer group, event id) compared byte by byte; see inboxKeysBytewise.
 * Every service lists it after OutboxCompression1764400000000. Equality is the same under
 * both collations, so replicas of the previous version keep working while it runs.
 */
export class InboxKeysBytewise1764500000000 implements MigrationInterface {
  name = 'InboxKeysBytewise1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await inboxKeysBytewise(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await inboxKeysByDefaultCollation(queryRunner);
  }
}
