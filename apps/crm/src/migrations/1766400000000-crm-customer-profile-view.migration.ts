import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The profile as `GET /v1/customers/{id}` shows it, kept on write next to its fold (`view`,
 * JSON text in the answer's key order), with the trait strategies it was merged by
 * (`view_strategies`), so Postgres assembles the whole answer in one statement. A row whose
 * view is missing or was merged by other strategies is folded again when read.
 */
export class CrmCustomerProfileView1766400000000 implements MigrationInterface {
  name = 'CrmCustomerProfileView1766400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE customer_profiles ADD COLUMN view json, ADD COLUMN view_strategies text`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE customer_profiles DROP COLUMN view, DROP COLUMN view_strategies`,
    );
  }
}
