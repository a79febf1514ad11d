import { hash } from 'node:crypto';
import { scalarArrayLiteral, textArrayLiteral } from '@omni/database';
import type { EntityManager } from 'typeorm';

/** A lock could not be taken without risking a deadlock; the transaction must be retried. */
export class LockBusyError extends Error {
  constructor(readonly keys: readonly bigint[]) {
    super(
      `${keys.length} identity lock(s) are held by another transaction; retrying avoids a deadlock`,
    );
    this.name = 'LockBusyError';
  }
}

/** The signed 64-bit advisory-lock key of an identifier (its HMAC) or a profile. */
export function identifierLockKey(hash: string): bigint {
  return BigInt.asIntN(64, BigInt(`0x${hash.slice(0, 16)}`));
}

/**
 * A profile's structure lock: held shared by every batch that reads or keeps the profile,
 * exclusive by whatever may end it as a profile of its own (merge it away, split, erase).
 */
export function profileLockKey(customerId: string): bigint {
  return profileKeys(customerId).structure;
}

/**
 * A profile's membership lock: exclusive for whatever adds to or takes from its identifiers
 * or bumps its version, so such changes (and the limits they are checked against) are
 * serial; readers never take it, so they do not wait for a profile gaining an identifier.
 */
export function profileMembersLockKey(customerId: string): bigint {
  return profileKeys(customerId).members;
}

// Every batch locks the profiles it touches, mostly the same ones again: the keys are kept.
const keysByProfile = new Map<string, { structure: bigint; members: bigint }>();
const KEPT_PROFILE_KEYS = 100_000;

function profileKeys(customerId: string): { structure: bigint; members: bigint } {
  let keys = keysByProfile.get(customerId);
  if (keys === undefined) {
    if (keysByProfile.size >= KEPT_PROFILE_KEYS) keysByProfile.clear();
    keys = {
      structure: identifierLockKey(hash('sha256', `profile\u0000${customerId}`, 'hex')),
      members: identifierLockKey(hash('sha256', `profile-members\u0000${customerId}`, 'hex')),
    };
    keysByProfile.set(customerId, keys);
  }
  return keys;
}

/** Shared: the holder only reads what the key guards. Exclusive: the holder may change it. */
export type LockMode = 'shared' | 'exclusive';

/**
 * What a transaction does to a stored profile, and so which of its two locks it takes:
 * `read` (its id and version: structure shared), `change` (it survives, gaining identifiers
 * or merging others in: structure shared, membership exclusive), `remove` (anything else,
 * including being merged away: both exclusive).
 */
export type ProfileAccess = 'read' | 'change' | 'remove';

/** The lock keys and modes of `access` to a profile, added to `keys` (the stronger mode wins). */
export function addProfileLocks(
  keys: Map<bigint, LockMode>,
  customerId: string,
  access: ProfileAccess,
): void {
  const add = (key: bigint, mode: LockMode) => {
    if (keys.get(key) !== 'exclusive') keys.set(key, mode);
  };
  add(profileLockKey(customerId), access === 'remove' ? 'exclusive' : 'shared');
  if (access !== 'read') add(profileMembersLockKey(customerId), 'exclusive');
}

/** Locks profiles for any change at all (both locks of each, exclusive): manual merge, split, erasure. */
export async function lockProfiles(
  tx: EntityManager,
  customerIds: readonly string[],
): Promise<void> {
  const keys = new Map<bigint, LockMode>();
  for (const id of customerIds) addProfileLocks(keys, id, 'remove');
  await acquireLockModes(tx, keys);
}

type Held = { modes: Map<bigint, LockMode>; max: bigint | null };

// One entry per open transaction: a batch applies many events in one transaction, and the
// locks of earlier events are still held while later ones are resolved.
const heldByTransaction = new WeakMap<EntityManager, Held>();

/**
 * Transaction-scoped advisory locks taken so that no wait can close a cycle. A transaction's
 * first locks are taken all or none (see `lockFirst`). After that it only ever blocks on a
 * key larger than every key it already holds (a global order); any
 * other key, and any upgrade of a shared key it holds to exclusive, is tried without
 * waiting, and if it is busy the transaction gives up with LockBusyError and is retried (by
 * messaging, one event per transaction). Because every waiter waits "upwards", the wait-for
 * graph has no cycles and Postgres never sees a deadlock. Shared holders never wait for one
 * another, so events that only read a profile do not queue behind each other.
 */
export async function acquireLocks(
  tx: EntityManager,
  keys: Iterable<bigint>,
  mode: LockMode = 'exclusive',
): Promise<void> {
  await acquireLockModes(tx, new Map([...keys].map((key) => [key, mode])));
}

/** `acquireLocks` with a mode per key. */
export async function acquireLockModes(
  tx: EntityManager,
  wanted: ReadonlyMap<bigint, LockMode>,
): Promise<void> {
  const held = heldByTransaction.get(tx) ?? { modes: new Map<bigint, LockMode>(), max: null };
  heldByTransaction.set(tx, held);
  const missing = [...wanted]
    .filter(([key, mode]) => {
      const holding = held.modes.get(key);
      return holding === undefined || (holding === 'shared' && mode === 'exclusive');
    })
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (missing.length === 0) return;
  if (held.modes.size === 0) {
    await lockFirst(tx, missing, []);
    return;
  }
  // Waiting is safe only upwards: below the largest key held, and for upgrades, only try.
  const mustTry = ([key]: [bigint, LockMode]) =>
    held.modes.has(key) || (held.max !== null && key < held.max);
  const tried = missing.filter(mustTry);
  const awaited = missing.filter((entry) => !mustTry(entry));
  if (tried.length > 0) {
    const rows: { key: string; ok: boolean }[] = await tx.query(
      `SELECT k::text AS key,
              CASE WHEN s THEN pg_try_advisory_xact_lock_shared(k) ELSE pg_try_advisory_xact_lock(k) END AS ok
       FROM unnest($1::bigint[], $2::boolean[]) AS t(k, s)`,
      lockParams(tried),
    );
    const modeOf = new Map(tried.map(([key, mode]) => [String(key), mode]));
    for (const row of rows)
      if (row.ok) held.modes.set(BigInt(row.key), modeOf.get(row.key) as LockMode);
    const busy = rows.filter((row) => !row.ok).map((row) => BigInt(row.key));
    if (busy.length > 0) throw new LockBusyError(busy);
  }
  if (awaited.length > 0) {
    // unnest yields the sorted array in order, so the locks are taken in ascending order.
    await tx.query(
      `SELECT CASE WHEN s THEN pg_advisory_xact_lock_shared(k) ELSE pg_advisory_xact_lock(k) END
       FROM unnest($1::bigint[], $2::boolean[]) AS t(k, s)`,
      lockParams(awaited),
    );
    for (const [key, mode] of awaited) held.modes.set(key, mode);
    held.max = awaited[awaited.length - 1][0];
  }
}

// All-or-none tries before identity_lock_and_map falls back to waiting in ascending order.
const ALL_OR_NONE_ATTEMPTS = 8;

/**
 * A transaction's first locks, then the rows of `hashes` in the graph read under them, in
 * one round trip (identity_lock_and_map, see its migration). The locks are taken without
 * ever waiting while holding others, so a batch that has to wait for another does not also
 * make a third wait for it: waits do not chain.
 */
export async function lockFirst<Row>(
  tx: EntityManager,
  wanted: Iterable<[bigint, LockMode]>,
  hashes: readonly string[],
): Promise<Row[]> {
  const held = heldByTransaction.get(tx);
  if (held !== undefined && held.modes.size > 0)
    throw new Error('lockFirst must be the first advisory lock of its transaction');
  const keys = [...wanted].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const rows: Row[] = await tx.query(
    `SELECT * FROM identity_lock_and_map($1::bigint[], $2::boolean[], $3::text[], $4)`,
    [...lockParams(keys), textArrayLiteral(hashes), ALL_OR_NONE_ATTEMPTS],
  );
  const modes = new Map(keys);
  heldByTransaction.set(tx, {
    modes,
    max: keys.length > 0 ? keys[keys.length - 1][0] : null,
  });
  return rows;
}

/** True until the transaction takes its first advisory lock. */
export function holdsNoLocks(tx: EntityManager): boolean {
  return (heldByTransaction.get(tx)?.modes.size ?? 0) === 0;
}

const lockParams = (keys: readonly [bigint, LockMode][]) => [
  scalarArrayLiteral(keys.map(([key]) => key)),
  scalarArrayLiteral(keys.map(([, mode]) => mode === 'shared')),
];
