import { sqlMigration } from '@omni/database';

/**
 * identity_lock_and_map(keys, shared, hashes): a transaction's first advisory locks and the
 * graph read they protect, in one round trip. The locks (keys ascending, each shared or
 * exclusive) are tried all at once; if one is busy, none is kept (the block's
 * subtransaction releases them) and the function waits, holding nothing else, until the
 * busy ones are free, then tries again, so a waiting batch never makes a third one wait for
 * it. After `attempts` tries it takes them in ascending order, which always makes progress
 * and cannot deadlock. It then returns the mapping of `hashes` with their profiles, read
 * after the locks were granted (a volatile function's statements each take a new snapshot).
 */
export const IdentityLockFunction1764200000000 = sqlMigration({
  name: 'IdentityLockFunction1764200000000',
  up: [
    `
      CREATE FUNCTION identity_lock_and_map(keys bigint[], shared boolean[], hashes text[], attempts integer)
      RETURNS TABLE (hash text, id text, customer_id text, status text, merged_into text, version integer, created_at timestamptz, suppressed boolean)
      LANGUAGE plpgsql VOLATILE AS $fn$
      DECLARE
        busy bigint[];
        busy_shared boolean[];
        granted boolean := false;
      BEGIN
        FOR attempt IN 1..attempts LOOP
          BEGIN
            SELECT array_agg(t.k ORDER BY t.n), array_agg(t.s ORDER BY t.n) INTO busy, busy_shared
            FROM unnest(keys, shared) WITH ORDINALITY AS t(k, s, n)
            WHERE NOT (CASE WHEN t.s THEN pg_try_advisory_xact_lock_shared(t.k) ELSE pg_try_advisory_xact_lock(t.k) END);
            IF busy IS NULL THEN
              granted := true;
            ELSE
              RAISE EXCEPTION 'identity locks busy' USING ERRCODE = 'OL001';
            END IF;
          EXCEPTION WHEN SQLSTATE 'OL001' THEN
            BEGIN
              PERFORM CASE WHEN t.s THEN pg_advisory_xact_lock_shared(t.k) ELSE pg_advisory_xact_lock(t.k) END
              FROM unnest(busy, busy_shared) AS t(k, s);
              RAISE EXCEPTION 'identity locks were free' USING ERRCODE = 'OL001';
            EXCEPTION WHEN SQLSTATE 'OL001' THEN NULL;
            END;
          END;
          EXIT WHEN granted;
        END LOOP;
        IF NOT granted THEN
          PERFORM CASE WHEN t.s THEN pg_advisory_xact_lock_shared(t.k) ELSE pg_advisory_xact_lock(t.k) END
          FROM unnest(keys, shared) AS t(k, s);
        END IF;
        RETURN QUERY
          SELECT i.hash, i.id::text, p.customer_id, p.status, p.merged_into, p.version, p.created_at, p.suppressed
          FROM identifiers i JOIN profiles p ON p.customer_id = i.profile_id
          WHERE i.hash = ANY(hashes);
      END
      $fn$`,
  ],
  down: [`DROP FUNCTION identity_lock_and_map(bigint[], boolean[], text[], integer)`],
});
