import { sqlMigration } from '@omni/database';

/** Triggers on the tables whose rows name a SKU; effective prices are only ever inserted. */
const skuTriggers = (): string[] =>
  ['prices', 'rule_prices', 'sku_settings', 'effective_prices'].flatMap((table) => {
    const fn = table === 'prices' ? 'catalog_prices_changed' : 'catalog_skus_changed';
    const events: [string, string][] =
      table === 'effective_prices'
        ? [['INSERT', 'NEW']]
        : [
            ['INSERT', 'NEW'],
            ['UPDATE', 'NEW'],
            ['DELETE', 'OLD'],
          ];
    return events.map(
      ([event, side]) =>
        `CREATE TRIGGER ${table}_catalog_${event.toLowerCase()} AFTER ${event} ON ${table}
           REFERENCING ${side} TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
    );
  });

/**
 * The change log the in-memory price catalog of every replica follows (ADR 0016): triggers on
 * everything selection reads write, in the writing transaction, which SKU (or list, or the
 * exemption policies) changed, stamped with the writing transaction's id. A reader takes the
 * rows of transactions at or after the oldest one still running when it last read, so a
 * transaction that commits late is never skipped (a bigserial order would skip it).
 */
export const CatalogChanges1765600000000 = sqlMigration({
  name: 'CatalogChanges1765600000000',
  up: [
    `
      CREATE TABLE catalog_changes (
        id bigserial PRIMARY KEY,
        xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
        kind text NOT NULL CHECK (kind IN ('sku', 'list', 'exemptions')),
        key text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`,
    `CREATE INDEX catalog_changes_xid_idx ON catalog_changes (xid)`,
    `CREATE INDEX catalog_changes_recorded_idx ON catalog_changes (recorded_at)`,
    // Prices of a draft do not count until their list is published (a list change then).
    `
      CREATE FUNCTION catalog_prices_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO catalog_changes (kind, key)
        SELECT DISTINCT 'sku', c.sku FROM changed c JOIN price_lists l ON l.id = c.price_list_id
        WHERE l.status <> 'draft';
        RETURN NULL;
      END $$`,
    `
      CREATE FUNCTION catalog_skus_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO catalog_changes (kind, key) SELECT DISTINCT 'sku', c.sku FROM changed c;
        RETURN NULL;
      END $$`,
    `
      CREATE FUNCTION catalog_list_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO catalog_changes (kind, key) VALUES ('list', NEW.id);
        RETURN NULL;
      END $$`,
    `
      CREATE FUNCTION catalog_exemptions_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO catalog_changes (kind, key) VALUES ('exemptions', '*');
        RETURN NULL;
      END $$`,
    ...skuTriggers(),
    `CREATE TRIGGER price_lists_catalog AFTER INSERT OR UPDATE ON price_lists FOR EACH ROW
       WHEN (NEW.status <> 'draft') EXECUTE FUNCTION catalog_list_changed()`,
    `CREATE TRIGGER fairness_exemptions_catalog AFTER INSERT OR UPDATE OR DELETE ON fairness_exemptions
       FOR EACH STATEMENT EXECUTE FUNCTION catalog_exemptions_changed()`,
  ],
  down: [
    ...['prices', 'rule_prices', 'sku_settings'].flatMap((table) =>
      ['insert', 'update', 'delete'].map(
        (event) => `DROP TRIGGER ${table}_catalog_${event} ON ${table}`,
      ),
    ),
    `DROP TRIGGER effective_prices_catalog_insert ON effective_prices`,
    `DROP TRIGGER price_lists_catalog ON price_lists`,
    `DROP TRIGGER fairness_exemptions_catalog ON fairness_exemptions`,
    `DROP FUNCTION catalog_prices_changed()`,
    `DROP FUNCTION catalog_skus_changed()`,
    `DROP FUNCTION catalog_list_changed()`,
    `DROP FUNCTION catalog_exemptions_changed()`,
    `DROP TABLE catalog_changes`,
  ],
});
