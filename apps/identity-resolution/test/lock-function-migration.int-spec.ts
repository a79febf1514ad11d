import { createTestDatabase, type TestDatabase } from '@omni/testing';
import { migrations } from '../src/migrations';
import { IdentityLockFunction1764200000000 } from '../src/migrations/1764200000000-identity-lock-function.migration';
import { service } from '../src/service';

describe('the identity migrations after the graph', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase({ service: service.name, migrations });
  });

  afterAll(async () => {
    await db?.drop();
  });

  const functionExists = async (): Promise<boolean> => {
    const [row] = (await db.dataSource.query(
      `SELECT count(*)::int AS n FROM pg_proc WHERE proname = 'identity_lock_and_map' AND pronamespace = current_schema()::regnamespace`,
    )) as { n: number }[];
    return row.n === 1;
  };

  const hashCollations = async () =>
    (
      (await db.dataSource.query(
        `SELECT c.collname AS collation FROM pg_attribute a JOIN pg_collation c ON c.oid = a.attcollation
         WHERE a.attname = 'hash' AND a.attrelid IN ('identifiers'::regclass, 'suppressions'::regclass)`,
      )) as { collation: string }[]
    ).map((row) => row.collation);

  it('goes down leaving no function behind and comes back up', async () => {
    expect(await functionExists()).toBe(true);
    expect(await hashCollations()).toEqual(['C', 'C']);
    // Undo the migrations that came after it first, then this one.
    const later = migrations.length - 1 - migrations.indexOf(IdentityLockFunction1764200000000);
    for (let i = 0; i < later; i++) {
      await db.dataSource.undoLastMigration({ transaction: 'each' });
      expect(await functionExists()).toBe(true);
    }
    expect(await hashCollations()).toEqual(['default', 'default']);
    await db.dataSource.undoLastMigration({ transaction: 'each' });
    expect(await functionExists()).toBe(false);
    await db.dataSource.runMigrations({ transaction: 'each' });
    expect(await functionExists()).toBe(true);
    expect(await hashCollations()).toEqual(['C', 'C']);
  });

  it('returns the mapping read after its locks, which it keeps until the transaction ends', async () => {
    await db.dataSource.query(
      `INSERT INTO profiles (customer_id, created_at) VALUES ('cus_lock_test', now())`,
    );
    await db.dataSource.query(
      `INSERT INTO identifiers (hash, type, base_type, key_id, value_encrypted, profile_id, linked_at)
       VALUES ('h-lock-test', 'phone', 'phone', 'k', 'x', 'cus_lock_test', now())`,
    );
    await db.dataSource.transaction(async (tx) => {
      const rows = (await tx.query(
        `SELECT hash, customer_id, version FROM identity_lock_and_map('{7001,7002}', '{true,false}', '{h-lock-test,h-unknown}', 8)`,
      )) as { hash: string; customer_id: string; version: number }[];
      expect(rows).toEqual([{ hash: 'h-lock-test', customer_id: 'cus_lock_test', version: 1 }]);
      const locks = (await tx.query(
        `SELECT objid::int AS key, mode FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() ORDER BY objid`,
      )) as { key: number; mode: string }[];
      expect(locks).toEqual([
        { key: 7001, mode: 'ShareLock' },
        { key: 7002, mode: 'ExclusiveLock' },
      ]);
    });
  });
});
