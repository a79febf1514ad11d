import type { MigrationInterface, QueryRunner } from 'typeorm';
import { inboxProcessedAtByBlockRange, inboxProcessedAtByBTree } from './messaging-tables';

/**
 * The inbox's processed_at index as a BRIN index; see inboxProcessedAtByBlockRange. Every
 * service lists it after InboxKeysBytewise1764500000000. Safe with replicas of the previous
 * version running: no statement of theirs reads the index.
 */
export class InboxProcessedAtBrin1764600000000 implements MigrationInterface {
  name = 'InboxProcessedAtBrin1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await inboxProcessedAtByBlockRange(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await inboxProcessedAtByBTree(queryRunner);
  }
}
