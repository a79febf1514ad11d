import { sqlMigration } from '@omni/database';

/**
 * The identity graph. Identifier values exist only as HMACs (look-ups) and AES-256-GCM
 * ciphertext with the key id; links are append-only, retracted by a separate row.
 */
export const IdentityGraph1764100000000 = sqlMigration({
  name: 'IdentityGraph1764100000000',
  up: [
    `
      CREATE TABLE profiles (
        customer_id text PRIMARY KEY,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'merged', 'erased', 'emptied')),
        merged_into text REFERENCES profiles (customer_id),
        version integer NOT NULL DEFAULT 1,
        suppressed boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
    `CREATE INDEX profiles_merged_into_idx ON profiles (merged_into) WHERE merged_into IS NOT NULL`,
    `
      CREATE TABLE identifiers (
        id bigserial PRIMARY KEY,
        hash text NOT NULL UNIQUE,
        type text NOT NULL,
        base_type text NOT NULL,
        key_id text NOT NULL,
        value_encrypted text NOT NULL,
        profile_id text NOT NULL REFERENCES profiles (customer_id),
        linked_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
    `CREATE INDEX identifiers_profile_idx ON identifiers (profile_id)`,
    `
      CREATE TABLE links (
        id bigserial PRIMARY KEY,
        from_identifier bigint NOT NULL REFERENCES identifiers (id) ON DELETE CASCADE,
        to_identifier bigint NOT NULL REFERENCES identifiers (id) ON DELETE CASCADE,
        source_event_id text NOT NULL,
        channel text,
        rule text NOT NULL,
        occurred_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
    `CREATE INDEX links_from_idx ON links (from_identifier)`,
    `CREATE INDEX links_to_idx ON links (to_identifier)`,
    `
      CREATE TABLE link_retractions (
        link_id bigint PRIMARY KEY REFERENCES links (id) ON DELETE CASCADE,
        operation_id text NOT NULL,
        actor text NOT NULL,
        reason text NOT NULL,
        retracted_at timestamptz NOT NULL DEFAULT now()
      )`,
    `
      CREATE TABLE profile_changes (
        id bigserial PRIMARY KEY,
        customer_id text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('merged', 'split', 'erased')),
        related_ids text[] NOT NULL DEFAULT '{}',
        version integer NOT NULL,
        origin text NOT NULL CHECK (origin IN ('automatic', 'manual')),
        actor text,
        reason text,
        source_event_id text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
    `CREATE INDEX profile_changes_customer_idx ON profile_changes (customer_id, id)`,
    `CREATE INDEX profile_changes_related_idx ON profile_changes USING gin (related_ids)`,
    `
      CREATE TABLE conflicts (
        id bigserial PRIMARY KEY,
        profile_ids text[] NOT NULL,
        identifier_type text NOT NULL,
        rule text NOT NULL,
        reason text NOT NULL,
        source_event_id text NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
    `CREATE INDEX conflicts_open_idx ON conflicts (id) WHERE status = 'open'`,
    `
      CREATE TABLE resolution_drops (
        id bigserial PRIMARY KEY,
        source_event_id text NOT NULL,
        customer_id text NOT NULL,
        identifier_type text NOT NULL,
        identifier_hash text NOT NULL,
        rule text NOT NULL,
        reason text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
    `CREATE INDEX resolution_drops_customer_idx ON resolution_drops (customer_id)`,
    `
      CREATE TABLE suppressions (
        hash text PRIMARY KEY,
        identifier_type text NOT NULL,
        erasure_id text NOT NULL,
        suppressed_at timestamptz NOT NULL DEFAULT now()
      )`,
    `
      CREATE TABLE resolution_log (
        seq bigserial PRIMARY KEY,
        source_event_id text NOT NULL,
        customer_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
  ],
  down: [
    `DROP TABLE resolution_log`,
    `DROP TABLE suppressions`,
    `DROP TABLE resolution_drops`,
    `DROP TABLE conflicts`,
    `DROP TABLE profile_changes`,
    `DROP TABLE link_retractions`,
    `DROP TABLE links`,
    `DROP TABLE identifiers`,
    `DROP TABLE profiles`,
  ],
});
