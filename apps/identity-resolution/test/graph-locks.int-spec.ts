import { createTestDatabase, eventually, type TestDatabase } from '@omni/testing';
import type { DataSource, EntityManager } from 'typeorm';
import {
  acquireLockModes,
  acquireLocks,
  addProfileLocks,
  LockBusyError,
  type LockMode,
  type ProfileAccess,
} from '../src/resolution/graph-locks';
import { migrations } from '../src/migrations';
import { service } from '../src/service';
import {} from './support/identity-harness';

/** Runs `work` in a transaction that stays open until the returned `finish` is called. */
function openTransaction(dataSource: DataSource, work: (tx: EntityManager) => Promise<void>) {
  let finish!: () => void;
  const held = new Promise<void>((resolve) => (finish = resolve));
  let pid!: number;
  const done = dataSource.transaction(async (tx) => {
    [{ pid }] = (await tx.query('SELECT pg_backend_pid() AS pid')) as { pid: number }[];
    await work(tx);
    await held;
  });
  return { done, finish, pid: () => pid };
}

describe('identity advisory locks', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase({ service: service.name, migrations });
  });

  afterAll(async () => {
    await db?.drop();
  });

  const until = (condition: () => Promise<boolean>, what: string) =>
    eventually(async () => ((await condition()) ? true : undefined), what);
  const waiting = async (pid: number): Promise<boolean> => {
    const [row] = (await db.dataSource.query(
      `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND pid = $1`,
      [pid],
    )) as { n: number }[];
    return row.n > 0;
  };
  const holds = async (pid: number): Promise<number> => {
    const [row] = (await db.dataSource.query(
      `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = $1`,
      [pid],
    )) as { n: number }[];
    return row.n;
  };

  it('two readers of one profile hold its lock together, and a writer waits for both', async () => {
    const key = 9_001n;
    const first = openTransaction(db.dataSource, (tx) => acquireLocks(tx, [key], 'shared'));
    const second = openTransaction(db.dataSource, (tx) => acquireLocks(tx, [key], 'shared'));
    await until(async () => (await holds(second.pid())) === 1, 'the second reader holds the lock');
    expect(await holds(first.pid())).toBe(1);

    const writer = openTransaction(db.dataSource, (tx) => acquireLocks(tx, [key]));
    await until(() => waiting(writer.pid()), 'the writer waits');
    first.finish();
    second.finish();
    await Promise.all([first.done, second.done]);
    await until(async () => (await holds(writer.pid())) === 1, 'the writer holds the lock');
    writer.finish();
    await writer.done;
  });

  it('a batch waiting for a busy lock holds none of its others meanwhile, then takes them all', async () => {
    const [low, busy] = [9_101n, 9_102n];
    const holder = openTransaction(db.dataSource, (tx) => acquireLocks(tx, [busy]));
    await until(async () => (await holds(holder.pid())) === 1, 'the holder holds the lock');

    const batch = openTransaction(db.dataSource, (tx) =>
      acquireLockModes(
        tx,
        new Map([
          [low, 'exclusive'],
          [busy, 'shared'],
        ]),
      ),
    );
    await until(() => waiting(batch.pid()), 'the batch waits');
    // The lower key is free for anyone else while the batch waits.
    await db.dataSource.transaction(async (tx) => {
      const [{ ok }] = (await tx.query('SELECT pg_try_advisory_xact_lock($1::bigint) AS ok', [
        String(low),
      ])) as { ok: boolean }[];
      expect(ok).toBe(true);
    });

    holder.finish();
    await holder.done;
    await until(async () => (await holds(batch.pid())) === 2, 'the batch holds both locks');
    batch.finish();
    await batch.done;
  });

  it('upgrading a shared lock another reader also holds gives up instead of deadlocking', async () => {
    const key = 9_201n;
    const other = openTransaction(db.dataSource, (tx) => acquireLocks(tx, [key], 'shared'));
    await until(async () => (await holds(other.pid())) === 1, 'the other reader holds the lock');
    await expect(
      db.dataSource.transaction(async (tx) => {
        await acquireLocks(tx, [key], 'shared');
        await acquireLocks(tx, [key]);
      }),
    ).rejects.toThrow(LockBusyError);
    other.finish();
    await other.done;
  });

  const lockProfile = (tx: EntityManager, customerId: string, access: ProfileAccess) => {
    const keys = new Map<bigint, LockMode>();
    addProfileLocks(keys, customerId, access);
    return acquireLockModes(tx, keys);
  };

  it('a batch reading a profile does not wait for one adding to it, but one merging it away does', async () => {
    const changer = openTransaction(db.dataSource, (tx) => lockProfile(tx, 'cus_p', 'change'));
    await until(async () => (await holds(changer.pid())) === 2, 'the changer holds both locks');

    // A reader finishes while the changer is still open.
    await db.dataSource.transaction((tx) => lockProfile(tx, 'cus_p', 'read'));

    const second = openTransaction(db.dataSource, (tx) => lockProfile(tx, 'cus_p', 'change'));
    await until(() => waiting(second.pid()), 'a second changer waits');
    changer.finish();
    await changer.done;
    await until(async () => (await holds(second.pid())) === 2, 'the second changer goes next');

    const remover = openTransaction(db.dataSource, (tx) => lockProfile(tx, 'cus_p', 'remove'));
    await until(() => waiting(remover.pid()), 'a remover waits for the changer');
    second.finish();
    await second.done;
    await until(async () => (await holds(remover.pid())) === 2, 'then the remover');
    // While the remover holds the profile, even a reader waits.
    const reader = openTransaction(db.dataSource, (tx) => lockProfile(tx, 'cus_p', 'read'));
    await until(() => waiting(reader.pid()), 'a reader waits for the remover');
    remover.finish();
    await remover.done;
    await until(
      async () => (await holds(reader.pid())) === 1,
      'the reader holds the structure lock',
    );
    reader.finish();
    await reader.done;
  });
});
