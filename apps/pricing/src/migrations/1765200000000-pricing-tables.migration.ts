import { sqlMigration } from '@omni/database';

/**
 * Price lists and their prices, SKU cost settings, fairness exemptions, the append-only
 * audit log and effective-price history, and the fairness corrections made at selection.
 * No table holds a customer identifier: pricing knows groups, never people.
 */
export const PricingTables1765200000000 = sqlMigration({
  name: 'PricingTables1765200000000',
  up: [
    `
      CREATE TABLE sku_settings (
        sku text PRIMARY KEY,
        currency text NOT NULL,
        cost bigint NOT NULL CHECK (cost >= 0),
        min_margin_ppm integer NOT NULL CHECK (min_margin_ppm >= 0 AND min_margin_ppm < 1000000),
        floor bigint NOT NULL,
        ceiling bigint NOT NULL,
        updated_at timestamptz NOT NULL,
        CHECK (ceiling >= floor)
      )`,
    `
      CREATE TABLE price_lists (
        id text PRIMARY KEY,
        name text NOT NULL,
        status text NOT NULL CHECK (status IN ('draft', 'published', 'archived')),
        valid_from timestamptz,
        valid_to timestamptz,
        created_at timestamptz NOT NULL,
        published_at timestamptz,
        archived_at timestamptz,
        CHECK (valid_from IS NULL OR valid_to IS NULL OR valid_to > valid_from)
      )`,
    `
      CREATE TABLE prices (
        id text PRIMARY KEY,
        price_list_id text NOT NULL REFERENCES price_lists (id) ON DELETE CASCADE,
        sku text NOT NULL,
        currency text NOT NULL,
        amount bigint NOT NULL CHECK (amount >= 0),
        channel text,
        customer_group text,
        country text,
        valid_from timestamptz,
        valid_to timestamptz,
        quantity_tiers jsonb NOT NULL DEFAULT '[]',
        CHECK (valid_from IS NULL OR valid_to IS NULL OR valid_to > valid_from)
      )`,
    `CREATE INDEX prices_list_idx ON prices (price_list_id)`,
    `CREATE INDEX prices_sku_idx ON prices (sku, currency)`,
    `
      CREATE TABLE fairness_exemptions (
        id text PRIMARY KEY,
        baseline_group text NOT NULL,
        sku text,
        valid_from timestamptz,
        valid_to timestamptz,
        actor text NOT NULL,
        reason text NOT NULL,
        created_at timestamptz NOT NULL
      )`,
    `
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        reason text NOT NULL,
        action text NOT NULL,
        subject text NOT NULL,
        sku text,
        before jsonb,
        after jsonb
      )`,
    `CREATE INDEX audit_log_sku_idx ON audit_log (sku, id)`,
    `
      CREATE TABLE effective_prices (
        id bigserial PRIMARY KEY,
        sku text NOT NULL,
        currency text NOT NULL,
        channel text NOT NULL,
        customer_group text NOT NULL DEFAULT '',
        country text NOT NULL DEFAULT '',
        effective_from timestamptz NOT NULL,
        amount bigint,
        previous_amount bigint,
        reference_amount bigint,
        reduction_started_at timestamptz,
        source text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`,
    `CREATE INDEX effective_prices_scope_idx ON effective_prices (sku, currency, channel, customer_group, country, effective_from, id)`,
    `
      CREATE TABLE fairness_corrections (
        id bigserial PRIMARY KEY,
        sku text NOT NULL,
        currency text NOT NULL,
        channel text NOT NULL,
        customer_groups text NOT NULL,
        country text NOT NULL DEFAULT '',
        member_price bigint NOT NULL,
        baseline_price bigint NOT NULL,
        baseline_group text NOT NULL DEFAULT '',
        times integer NOT NULL DEFAULT 1,
        first_at timestamptz NOT NULL,
        last_at timestamptz NOT NULL,
        UNIQUE (sku, currency, channel, customer_groups, country, member_price, baseline_price)
      )`,
    // Audit rows and price history are evidence: nothing rewrites or deletes them.
    `
      CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
      END $$`,
    `CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`,
    `CREATE TRIGGER effective_prices_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON effective_prices FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`,
  ],
  down: [
    `DROP TABLE fairness_corrections`,
    `DROP TABLE effective_prices`,
    `DROP TABLE audit_log`,
    `DROP FUNCTION refuse_change()`,
    `DROP TABLE fairness_exemptions`,
    `DROP TABLE prices`,
    `DROP TABLE price_lists`,
    `DROP TABLE sku_settings`,
  ],
});
