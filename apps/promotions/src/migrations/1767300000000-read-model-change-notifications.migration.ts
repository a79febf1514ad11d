import { sqlMigration } from '@omni/database';

/** The read models a quote reads, with the columns that name what a changed row is about. */
const WATCHED = [
  { table: 'customers', key: ['customer', 'customer_id'] },
  { table: 'customer_segments', key: ['customer', 'customer_id'] },
  { table: 'sku_prices', key: ['price', 'channel', 'currency', 'sku'] },
  { table: 'sku_floors', key: ['floor', 'currency', 'sku'] },
  { table: 'coupons', key: ['coupon', 'code'] },
  { table: 'coupon_customer_uses', key: ['coupon-uses', 'code', 'customer_id'] },
] as const;

/**
 * Every transaction that writes a read model a quote reads announces what it changed, on a
 * channel named after the schema, when it commits (NOTIFY is transactional): each process's
 * cache of those facts evicts it (ADR 0031). A trigger, so that no writer can forget to: the
 * consumers, the admin API, redemptions, identity changes and SQL by hand alike. A payload is a
 * JSON array, the kind then the key's values (e.g. `["price", channel, currency, sku]`); a
 * TRUNCATE announces `[]`, everything.
 */
export const ReadModelChangeNotifications1767300000000 = sqlMigration({
  name: 'ReadModelChangeNotifications1767300000000',
  up: [
    `
      CREATE FUNCTION read_model_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        channel text := 'omni_read_models_' ||
          left(encode(sha256(convert_to(TG_TABLE_SCHEMA, 'UTF8')), 'hex'), 24);
        changed jsonb[] := '{}';
        row_json jsonb;
        key jsonb;
      BEGIN
        IF TG_LEVEL = 'STATEMENT' THEN
          PERFORM pg_notify(channel, '[]');
          RETURN NULL;
        END IF;
        IF TG_OP <> 'INSERT' THEN changed := changed || to_jsonb(OLD); END IF;
        IF TG_OP <> 'DELETE' THEN changed := changed || to_jsonb(NEW); END IF;
        FOREACH row_json IN ARRAY changed LOOP
          key := jsonb_build_array(TG_ARGV[0]);
          FOR i IN 1 .. TG_NARGS - 1 LOOP
            key := key || jsonb_build_array(row_json ->> TG_ARGV[i]);
          END LOOP;
          PERFORM pg_notify(channel, key::text);
        END LOOP;
        RETURN NULL;
      END $$`,
    ...WATCHED.flatMap(({ table, key }) => [
      `CREATE TRIGGER read_model_changed AFTER INSERT OR UPDATE OR DELETE ON ${table}
         FOR EACH ROW EXECUTE FUNCTION read_model_changed(${key.map((part) => `'${part}'`).join(', ')})`,
      `CREATE TRIGGER read_model_truncated AFTER TRUNCATE ON ${table}
         FOR EACH STATEMENT EXECUTE FUNCTION read_model_changed()`,
    ]),
  ],
  down: [
    ...WATCHED.flatMap(({ table }) => [
      `DROP TRIGGER read_model_truncated ON ${table}`,
      `DROP TRIGGER read_model_changed ON ${table}`,
    ]),
    `DROP FUNCTION read_model_changed()`,
  ],
});
