import type { MigrationInterface, QueryRunner } from 'typeorm';
import { compressOutboxValues, uncompressOutboxValues } from './messaging-tables';

/**
 * Outbox values (bundles above all) compressed with LZ4 where the server supports it; see
 * compressOutboxValues. Every service lists it after OutboxBundles1764300000000. Safe with
 * replicas of the previous version running: how a value is stored does not change how it reads.
 */
export class OutboxCompression1764400000000 implements MigrationInterface {
  name = 'OutboxCompression1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await compressOutboxValues(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await uncompressOutboxValues(queryRunner);
  }
}
