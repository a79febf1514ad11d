import { sqlMigration } from '@omni/database';

/**
 * Campaigns and their promotions, coupons with their use counts, redemptions, the append-only audit log, and the read models a quote
 * needs: prices from pricing's price.changed, tiers, segments and consent from crm's and the
 * channels' events. Tables live in the service's own schema (the search path), never public.
 */
export const PromotionsTables1767000000000 = sqlMigration({
  name: 'PromotionsTables1767000000000',
  up: [
    `
      CREATE TABLE campaigns (
        id text PRIMARY KEY,
        name text NOT NULL,
        channels text[] NOT NULL,
        currency text NOT NULL,
        time_zone text NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        budget_amount bigint CHECK (budget_amount >= 0),
        budget_redemptions integer CHECK (budget_redemptions >= 0),
        spent_amount bigint NOT NULL DEFAULT 0 CHECK (spent_amount >= 0),
        redemptions integer NOT NULL DEFAULT 0 CHECK (redemptions >= 0),
        allow_below_floor boolean NOT NULL DEFAULT false,
        status text NOT NULL CHECK (status IN ('draft', 'approved', 'live', 'ended')),
        author text NOT NULL,
        approved_by text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CHECK (ends_at > starts_at),
        CHECK (budget_amount IS NULL OR spent_amount <= budget_amount),
        CHECK (budget_redemptions IS NULL OR redemptions <= budget_redemptions),
        CHECK (approved_by IS NULL OR approved_by <> author)
      )`,
    `CREATE INDEX campaigns_status_idx ON campaigns (status, starts_at)`,
    `
      CREATE TABLE promotions (
        id text PRIMARY KEY,
        campaign_id text NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        name text NOT NULL,
        priority integer NOT NULL,
        conditions jsonb NOT NULL,
        actions jsonb NOT NULL,
        stops_further boolean NOT NULL DEFAULT false,
        exclusive_group text,
        created_at timestamptz NOT NULL
      )`,
    `CREATE INDEX promotions_campaign_idx ON promotions (campaign_id)`,
    `
      CREATE TABLE audit_entries (
        id bigserial PRIMARY KEY,
        recorded_at timestamptz NOT NULL,
        actor text NOT NULL,
        reason text NOT NULL,
        action text NOT NULL,
        subject text NOT NULL,
        details jsonb NOT NULL
      )`,
    `CREATE INDEX audit_entries_subject_idx ON audit_entries (subject, id)`,
    `
      CREATE TABLE sku_prices (
        sku text NOT NULL,
        channel text NOT NULL,
        currency text NOT NULL,
        customer_group text NOT NULL,
        valid_from timestamptz NOT NULL,
        valid_to timestamptz,
        amount bigint NOT NULL CHECK (amount >= 0),
        occurred_at timestamptz NOT NULL,
        PRIMARY KEY (sku, channel, currency, customer_group, valid_from)
      )`,
    `
      CREATE TABLE sku_floors (
        sku text NOT NULL,
        currency text NOT NULL,
        floor bigint NOT NULL CHECK (floor >= 0),
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (sku, currency)
      )`,
    `
      CREATE TABLE customers (
        customer_id text PRIMARY KEY,
        tier text,
        tier_at timestamptz,
        orders integer NOT NULL DEFAULT 0
      )`,
    `
      CREATE TABLE customer_segments (
        customer_id text NOT NULL,
        segment_id text NOT NULL,
        segment_name text NOT NULL,
        member boolean NOT NULL,
        changed_at timestamptz NOT NULL,
        PRIMARY KEY (customer_id, segment_id)
      )`,
    `
      CREATE TABLE customer_consents (
        customer_id text NOT NULL,
        channel text NOT NULL,
        granted boolean NOT NULL,
        changed_at timestamptz NOT NULL,
        PRIMARY KEY (customer_id, channel)
      )`,
    `
      CREATE TABLE coupons (
        code text PRIMARY KEY,
        campaign_id text NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        batch_id text,
        customer_id text,
        max_uses integer CHECK (max_uses >= 1),
        uses integer NOT NULL DEFAULT 0 CHECK (uses >= 0),
        per_customer_limit integer CHECK (per_customer_limit >= 1),
        valid_from timestamptz,
        valid_to timestamptz,
        experiment_id text,
        variant text,
        created_at timestamptz NOT NULL,
        CHECK (max_uses IS NULL OR uses <= max_uses),
        CHECK (valid_from IS NULL OR valid_to IS NULL OR valid_to > valid_from)
      )`,
    `CREATE INDEX coupons_batch_idx ON coupons (batch_id) WHERE batch_id IS NOT NULL`,
    `CREATE INDEX coupons_customer_idx ON coupons (customer_id) WHERE customer_id IS NOT NULL`,
    `
      CREATE TABLE coupon_customer_uses (
        code text NOT NULL REFERENCES coupons (code) ON DELETE CASCADE,
        customer_id text NOT NULL,
        uses integer NOT NULL CHECK (uses >= 0),
        PRIMARY KEY (code, customer_id)
      )`,
    `
      CREATE TABLE redemptions (
        id text PRIMARY KEY,
        order_id text NOT NULL,
        campaign_id text NOT NULL,
        promotion_id text,
        coupon_code text,
        customer_id text,
        currency text NOT NULL,
        discount bigint NOT NULL CHECK (discount >= 0),
        order_total bigint NOT NULL CHECK (order_total >= 0),
        source_event_key text,
        status text NOT NULL CHECK (status IN ('recorded', 'released')),
        recorded_at timestamptz NOT NULL,
        released_at timestamptz,
        CHECK (promotion_id IS NOT NULL OR coupon_code IS NOT NULL)
      )`,
    `CREATE UNIQUE INDEX redemptions_promotion_order_key ON redemptions (promotion_id, order_id) WHERE promotion_id IS NOT NULL`,
    `CREATE UNIQUE INDEX redemptions_coupon_order_key ON redemptions (coupon_code, order_id) WHERE coupon_code IS NOT NULL`,
    `CREATE INDEX redemptions_order_idx ON redemptions (order_id)`,
    `CREATE INDEX redemptions_customer_idx ON redemptions (customer_id) WHERE customer_id IS NOT NULL`,
    `
      CREATE TABLE offer_rules (
        id text PRIMARY KEY,
        campaign_id text NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        trigger text NOT NULL,
        reason text NOT NULL,
        match jsonb NOT NULL,
        experiment_id text NOT NULL,
        variants jsonb NOT NULL,
        valid_days integer NOT NULL CHECK (valid_days >= 1),
        created_at timestamptz NOT NULL
      )`,
    `CREATE INDEX offer_rules_trigger_idx ON offer_rules (trigger)`,
    `
      CREATE TABLE offers (
        id text PRIMARY KEY,
        rule_id text NOT NULL REFERENCES offer_rules (id) ON DELETE CASCADE,
        campaign_id text NOT NULL,
        customer_id text NOT NULL,
        source_key text NOT NULL,
        experiment_id text NOT NULL,
        variant text NOT NULL,
        coupon_code text NOT NULL,
        valid_from timestamptz NOT NULL,
        valid_to timestamptz NOT NULL,
        issued_at timestamptz NOT NULL,
        UNIQUE (rule_id, source_key)
      )`,
    `CREATE INDEX offers_customer_idx ON offers (customer_id)`,
    `
      CREATE TABLE experiment_assignments (
        experiment_id text NOT NULL,
        customer_id text NOT NULL,
        variant text NOT NULL,
        assigned_at timestamptz NOT NULL,
        PRIMARY KEY (experiment_id, customer_id)
      )`,
  ],
  down: [
    `DROP TABLE experiment_assignments`,
    `DROP TABLE offers`,
    `DROP TABLE offer_rules`,
    `DROP TABLE redemptions`,
    `DROP TABLE coupon_customer_uses`,
    `DROP TABLE coupons`,
    `DROP TABLE customer_consents`,
    `DROP TABLE customer_segments`,
    `DROP TABLE customers`,
    `DROP TABLE sku_floors`,
    `DROP TABLE sku_prices`,
    `DROP TABLE audit_entries`,
    `DROP TABLE promotions`,
    `DROP TABLE campaigns`,
  ],
});
