import { createHash } from 'node:crypto';
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

export function profileLockKey(customerId: string): bigint {
  return identifierLockKey(createHash('sha256').update(`profile\u0000${customerId}`).digest('hex'));
}

type Held = { keys: Set<bigint>; max: bigint | null };

// One entry per open transaction: a batch applies many events in one transaction, and the
// locks of earlier events are still held while later ones are resolved.
const heldByTransaction = new WeakMap<EntityManager, Held>();

/**
 * Transaction-scoped advisory locks taken so that no wait can close a cycle: a transaction
 * only ever blocks on a key larger than every key it already holds (a global order); any
 * other key is tried without waiting, and if it is busy the transaction gives up with
 * LockBusyError and is retried (by messaging, one event per transaction). Because every
 * waiter waits "upwards", the wait-for graph has no cycles and Postgres never sees a deadlock.
 */
export async function acquireLocks(tx: EntityManager, keys: Iterable<bigint>): Promise<void> {
  const held = heldByTransaction.get(tx) ?? { keys: new Set<bigint>(), max: null };
  heldByTransaction.set(tx, held);
  const wanted = [...new Set(keys)]
    .filter((key) => !held.keys.has(key))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (wanted.length === 0) return;
  const below = held.max === null ? [] : wanted.filter((key) => key < (held.max as bigint));
  const above = wanted.filter((key) => !below.includes(key));
  if (below.length > 0) {
    const rows: { key: string; ok: boolean }[] = await tx.query(
      `SELECT k::text AS key, pg_try_advisory_xact_lock(k) AS ok FROM unnest($1::bigint[]) AS k`,
      [below.map(String)],
    );
    for (const row of rows) if (row.ok) held.keys.add(BigInt(row.key));
    const busy = rows.filter((row) => !row.ok).map((row) => BigInt(row.key));
    if (busy.length > 0) throw new LockBusyError(busy);
  }
  if (above.length > 0) {
    // unnest yields the sorted array in order, so the locks are taken in ascending order.
    await tx.query(`SELECT pg_advisory_xact_lock(k) FROM unnest($1::bigint[]) AS k`, [
      above.map(String),
    ]);
    for (const key of above) held.keys.add(key);
    held.max = above[above.length - 1];
  }
}
