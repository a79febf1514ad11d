import { sqlMigration } from '@omni/database';

/**
 * crm-core's tables. Every fact keeps the key of the event it came from (`event_key`,
 * eventDedupeKey), so a split can move it and an erasure can find it; the profile is folded
 * from `customer_facts` when read, so merges and splits never leave a stale aggregate.
 * Points live in lots (what can still be spent, with its expiry) and an append-only ledger
 * whose sum is the balance; `tier_points` are the tier-qualifying points, apart from what
 * can be spent.
 */
export const CrmCustomersPoints1766000000000 = sqlMigration({
  name: 'CrmCustomersPoints1766000000000',
  up: [
    `
      CREATE TABLE customers (
        customer_id text COLLATE "C" PRIMARY KEY,
        tier text NOT NULL DEFAULT 'regular',
        tier_since timestamptz NOT NULL,
        profile_version integer NOT NULL DEFAULT 0,
        profile_part integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
    `
      CREATE TABLE erased_customers (
        customer_id text COLLATE "C" PRIMARY KEY,
        erased_at timestamptz NOT NULL DEFAULT now()
      )`,
    `
      CREATE TABLE customer_facts (
        event_key text COLLATE "C" PRIMARY KEY,
        customer_id text COLLATE "C" NOT NULL,
        type text NOT NULL,
        channel text,
        occurred_at timestamptz NOT NULL,
        order_id text,
        amount bigint,
        currency text,
        data jsonb
      )`,
    'CREATE INDEX customer_facts_customer_idx ON customer_facts (customer_id, occurred_at)',
    'CREATE INDEX customer_facts_order_idx ON customer_facts (customer_id, order_id) WHERE order_id IS NOT NULL',
    `
      CREATE TABLE point_lots (
        lot_id text COLLATE "C" PRIMARY KEY,
        customer_id text COLLATE "C" NOT NULL,
        source text NOT NULL CHECK (source IN ('order', 'review', 'adjustment')),
        order_id text,
        event_key text COLLATE "C",
        earned integer NOT NULL CHECK (earned > 0),
        remaining integer NOT NULL CHECK (remaining >= 0 AND remaining <= earned),
        earned_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        seq bigserial NOT NULL
      )`,
    'CREATE INDEX point_lots_spendable_idx ON point_lots (customer_id, expires_at, earned_at, seq) WHERE remaining > 0',
    'CREATE INDEX point_lots_expiry_idx ON point_lots (expires_at) WHERE remaining > 0',
    // Not unique: a merge may bring two profiles' lots of one order together.
    'CREATE INDEX point_lots_order_idx ON point_lots (customer_id, order_id) WHERE order_id IS NOT NULL',
    'CREATE INDEX point_lots_event_idx ON point_lots (event_key)',
    // customer_id and the references are nulled when the person is erased; amounts stay.
    `
      CREATE TABLE point_ledger (
        entry_id text COLLATE "C" PRIMARY KEY,
        customer_id text COLLATE "C",
        entry_type text NOT NULL CHECK (entry_type IN ('earn', 'burn', 'expire', 'adjust', 'reverse')),
        delta integer NOT NULL,
        lot_id text COLLATE "C",
        order_id text,
        redemption_id text COLLATE "C",
        event_key text COLLATE "C",
        reason text,
        occurred_at timestamptz NOT NULL,
        seq bigserial NOT NULL
      )`,
    'CREATE INDEX point_ledger_customer_idx ON point_ledger (customer_id, seq)',
    'CREATE INDEX point_ledger_lot_idx ON point_ledger (lot_id)',
    'CREATE INDEX point_ledger_event_idx ON point_ledger (event_key)',
    `
      CREATE TABLE point_redemptions (
        idempotency_key text COLLATE "C" PRIMARY KEY,
        redemption_id text COLLATE "C" NOT NULL UNIQUE,
        customer_id text COLLATE "C" NOT NULL,
        points integer NOT NULL CHECK (points > 0),
        reference text,
        allocations jsonb NOT NULL,
        balance_after integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
    'CREATE INDEX point_redemptions_customer_idx ON point_redemptions (customer_id)',
    `
      CREATE TABLE tier_points (
        event_key text COLLATE "C" NOT NULL,
        customer_id text COLLATE "C" NOT NULL,
        order_id text,
        points integer NOT NULL,
        occurred_at timestamptz NOT NULL,
        PRIMARY KEY (event_key, customer_id)
      )`,
    'CREATE INDEX tier_points_customer_idx ON tier_points (customer_id, occurred_at)',
    `
      CREATE TABLE tier_changes (
        change_id text COLLATE "C" PRIMARY KEY,
        customer_id text COLLATE "C" NOT NULL,
        previous_tier text,
        tier text NOT NULL,
        reason text NOT NULL,
        assessment jsonb NOT NULL,
        occurred_at timestamptz NOT NULL,
        seq bigserial NOT NULL
      )`,
    'CREATE INDEX tier_changes_customer_idx ON tier_changes (customer_id, seq)',
  ],
  down: [
    'DROP TABLE tier_changes',
    'DROP TABLE tier_points',
    'DROP TABLE point_redemptions',
    'DROP TABLE point_ledger',
    'DROP TABLE point_lots',
    'DROP TABLE customer_facts',
    'DROP TABLE erased_customers',
    'DROP TABLE customers',
  ],
});
