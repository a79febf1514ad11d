import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The change log the in-memory price catalog of every replica follows (ADR 0016): triggers on
 * everything selection reads write, in the writing transaction, which SKU (or list, or the
 * exemption policies) changed, stamped with the writing transaction's id. A reader takes the
 * rows of transactions at or after the oldest one still running when it last read, so a
 * transaction that commits late is never skipped (a bigserial order would skip it).
 */
export class CatalogChanges1765600000000 implements MigrationInterface {
  name = 'CatalogChanges1765600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE catalog_changes (
        id bigserial PRIMARY KEY,
        xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
        kind text NOT NULL CHECK (kind IN ('sku', 'list', 'exemptions')),
        key text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX catalog_changes_xid_idx ON catalog_changes (xid)`);
    await queryRunner.query(
      `CREATE INDEX catalog_changes_recorded_idx ON catalog_changes (recorded_at)`,
    );
    // Prices of a draft do not count until their list is published (a list change then).
    await queryRunner.query(`
      CREATE FUNCTION catalog_prices_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO catalog_changes (kind, key)
        SELECT DISTINCT 'sku', c.sku FROM changed c JOIN price_lists l ON l.id = c.price_list_id
        WHERE l.status <> 'draft';
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION catalog_skus_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO catalog_changes (kind, key) SELECT DISTINCT 'sku', c.sku FROM changed c;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION catalog_list_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO catalog_changes (kind, key) VALUES ('list', NEW.id);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION catalog_exemptions_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO catalog_changes (kind, key) VALUES ('exemptions', '*');
        RETURN NULL;
      END $$`);
    for (const table of ['prices', 'rule_prices', 'sku_settings', 'effective_prices']) {
      const fn = table === 'prices' ? 'catalog_prices_changed' : 'catalog_skus_changed';
      const events: [string, string][] =
        table === 'effective_prices'
          ? [['INSERT', 'NEW']]
          : [
              ['INSERT', 'NEW'],
              ['UPDATE', 'NEW'],
              ['DELETE', 'OLD'],
            ];
      for (const [event, side] of events)
        await queryRunner.query(
          `CREATE TRIGGER ${table}_catalog_${event.toLowerCase()} AFTER ${event} ON ${table}
           REFERENCING ${side} TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
        );
    }
    await queryRunner.query(
      `CREATE TRIGGER price_lists_catalog AFTER INSERT OR UPDATE ON price_lists FOR EACH ROW
       WHEN (NEW.status <> 'draft') EXECUTE FUNCTION catalog_list_changed()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER fairness_exemptions_catalog AFTER INSERT OR UPDATE OR DELETE ON fairness_exemptions
       FOR EACH STATEMENT EXECUTE FUNCTION catalog_exemptions_changed()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['prices', 'rule_prices', 'sku_settings'])
      for (const event of ['insert', 'update', 'delete'])
        await queryRunner.query(`DROP TRIGGER ${table}_catalog_${event} ON ${table}`);
    await queryRunner.query(`DROP TRIGGER effective_prices_catalog_insert ON effective_prices`);
    await queryRunner.query(`DROP TRIGGER price_lists_catalog ON price_lists`);
    await queryRunner.query(`DROP TRIGGER fairness_exemptions_catalog ON fairness_exemptions`);
    await queryRunner.query(`DROP FUNCTION catalog_prices_changed()`);
    await queryRunner.query(`DROP FUNCTION catalog_skus_changed()`);
    await queryRunner.query(`DROP FUNCTION catalog_list_changed()`);
    await queryRunner.query(`DROP FUNCTION catalog_exemptions_changed()`);
    await queryRunner.query(`DROP TABLE catalog_changes`);
  }
}
