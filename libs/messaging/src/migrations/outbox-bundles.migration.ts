import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addOutboxBundles, removeOutboxBundles } from './messaging-tables';

/**
 * Outbox rows that carry many messages (one per ordering bucket per transaction). Every
 * service lists it after its own earlier migrations. Stop replicas of the previous version
 * before running it: their relays would publish a bundle row as one message.
 */
export class OutboxBundles1764300000000 implements MigrationInterface {
  name = 'OutboxBundles1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await addOutboxBundles(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await removeOutboxBundles(queryRunner);
  }
}
