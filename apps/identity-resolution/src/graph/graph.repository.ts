import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Candidate, ProfileState } from '../rules/resolution-planner';
import type { IdentityPolicy } from '../rules/identity-policy';
import type { IdentifierType } from '@omni/contracts';
import { acquireLocks, identifierLockKey, LockBusyError, profileLockKey } from './graph-locks';

export type MappedIdentifier = { identifierId: string; profileId: string };

export type ProfileRow = { customerId: string; status: string; mergedInto: string | null; version: number; createdAt: Date; suppressed: boolean };

/** A customerId derived from what caused it, so replaying the same events gives the same ids. */
export function deriveCustomerId(...parts: string[]): string {
  return `cus_${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 24)}`;
}

export async function readMapping(tx: EntityManager, hashes: readonly string[]): Promise<Map<string, MappedIdentifier>> {
  if (hashes.length === 0) return new Map();
  const rows: { hash: string; id: string; profile_id: string }[] = await tx.query(
    `SELECT hash, id::text AS id, profile_id FROM identifiers WHERE hash = ANY($1::text[])`,
    [hashes],
  );
  return new Map(rows.map((row) => [row.hash, { identifierId: row.id, profileId: row.profile_id }]));
}

const sameMapping = (a: Map<string, MappedIdentifier>, b: Map<string, MappedIdentifier>) =>
  a.size === b.size && [...a].every(([hash, m]) => b.get(hash)?.profileId === m.profileId);

/**
 * Locks what an event's resolution depends on — each identifier not yet in the graph (so it
 * is created once) and each profile its identifiers belong to (so the profile cannot change
 * underneath) — then reads the mapping again until it is stable under the locks held.
 */
export async function lockAndMap(tx: EntityManager, hashes: readonly string[]): Promise<Map<string, MappedIdentifier>> {
  let mapping = await readMapping(tx, hashes);
  for (let round = 0; round < 5; round++) {
    const keys = [
      ...hashes.filter((hash) => !mapping.has(hash)).map(identifierLockKey),
      ...[...new Set([...mapping.values()].map((m) => m.profileId))].map(profileLockKey),
    ];
    await acquireLocks(tx, keys);
    const again = await readMapping(tx, hashes);
    if (sameMapping(mapping, again)) return again;
    mapping = again;
  }
  throw new LockBusyError([]);
}

export async function lockProfiles(tx: EntityManager, customerIds: readonly string[]): Promise<void> {
  await acquireLocks(tx, customerIds.map(profileLockKey));
}

export async function readProfiles(tx: EntityManager, customerIds: readonly string[]): Promise<Map<string, ProfileRow>> {
  if (customerIds.length === 0) return new Map();
  const rows: { customer_id: string; status: string; merged_into: string | null; version: number; created_at: Date; suppressed: boolean }[] =
    await tx.query(`SELECT customer_id, status, merged_into, version, created_at, suppressed FROM profiles WHERE customer_id = ANY($1::text[])`, [customerIds]);
  return new Map(
    rows.map((r) => [r.customer_id, { customerId: r.customer_id, status: r.status, mergedInto: r.merged_into, version: r.version, createdAt: r.created_at, suppressed: r.suppressed }]),
  );
}

/** The profiles with the members the merge rules count: only types that have a limit or are strong. */
export async function loadProfileStates(
  tx: EntityManager,
  profiles: ReadonlyMap<string, ProfileRow>,
  policy: IdentityPolicy,
): Promise<Map<string, ProfileState>> {
  const ruled = (Object.entries(policy.types) as [IdentifierType, IdentityPolicy['types'][IdentifierType]][])
    .filter(([, p]) => p.limit !== null || p.strong)
    .map(([type]) => type);
  const rows: { profile_id: string; type: string; base_type: IdentifierType; hash: string; linked_at: Date }[] = await tx.query(
    `SELECT profile_id, type, base_type, hash, linked_at FROM identifiers WHERE profile_id = ANY($1::text[]) AND base_type = ANY($2::text[])`,
    [[...profiles.keys()], ruled],
  );
  const states = new Map<string, ProfileState>();
  for (const profile of profiles.values()) states.set(profile.customerId, { customerId: profile.customerId, createdAt: profile.createdAt, members: [] });
  for (const row of rows) {
    const state = states.get(row.profile_id);
    if (state === undefined) continue;
    (state.members as ProfileState['members'][number][]).push({ type: row.type, baseType: row.base_type, hash: row.hash, linkedAt: row.linked_at, profileId: row.profile_id });
  }
  return states;
}

export async function insertIdentifiers(
  tx: EntityManager,
  profileId: string,
  linkedAt: Date,
  identifiers: readonly (Candidate & { keyId: string; ciphertext: string })[],
): Promise<Map<string, string>> {
  if (identifiers.length === 0) return new Map();
  const rows: { hash: string; id: string }[] = await tx.query(
    `INSERT INTO identifiers (hash, type, base_type, key_id, value_encrypted, profile_id, linked_at)
     SELECT hash, type, base_type, key_id, value_encrypted, $6, $7
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS t(hash, type, base_type, key_id, value_encrypted)
     RETURNING hash, id::text AS id`,
    [
      identifiers.map((i) => i.hash),
      identifiers.map((i) => i.identifier.type),
      identifiers.map((i) => i.identifier.baseType),
      identifiers.map((i) => i.keyId),
      identifiers.map((i) => i.ciphertext),
      profileId,
      linkedAt,
    ],
  );
  return new Map(rows.map((row) => [row.hash, row.id]));
}

export type LinkEvidence = { sourceEventId: string; channel: string | null; rule: string; occurredAt: Date };

export async function insertLinks(tx: EntityManager, pairs: readonly [string, string][], evidence: LinkEvidence): Promise<void> {
  if (pairs.length === 0) return;
  await tx.query(
    `INSERT INTO links (from_identifier, to_identifier, source_event_id, channel, rule, occurred_at)
     SELECT f, t, $3, $4, $5, $6 FROM unnest($1::bigint[], $2::bigint[]) AS p(f, t)`,
    [pairs.map((p) => p[0]), pairs.map((p) => p[1]), evidence.sourceEventId, evidence.channel, evidence.rule, evidence.occurredAt],
  );
}

/** Folds `mergedIds` into `survivorId`: identifiers move, the merged profiles become aliases. */
export async function foldProfiles(tx: EntityManager, survivorId: string, mergedIds: readonly string[]): Promise<void> {
  if (mergedIds.length === 0) return;
  await tx.query(`UPDATE identifiers SET profile_id = $1 WHERE profile_id = ANY($2::text[])`, [survivorId, mergedIds]);
  await tx.query(`UPDATE profiles SET merged_into = $1, updated_at = now() WHERE merged_into = ANY($2::text[])`, [survivorId, mergedIds]);
  await tx.query(`UPDATE profiles SET status = 'merged', merged_into = $1, updated_at = now() WHERE customer_id = ANY($2::text[])`, [survivorId, mergedIds]);
}

export async function bumpVersion(tx: EntityManager, customerId: string): Promise<number> {
  const rows: { version: number }[] = await tx.query(
    // A CTE, because TypeORM returns [rows, count] for a bare UPDATE.
    `WITH bumped AS (UPDATE profiles SET version = version + 1, updated_at = now() WHERE customer_id = $1 RETURNING version) SELECT version FROM bumped`,
    [customerId],
  );
  return rows[0].version;
}

export type ProfileChangeRecord = {
  customerId: string;
  kind: 'merged' | 'split' | 'erased';
  relatedIds: readonly string[];
  version: number;
  origin: 'automatic' | 'manual';
  actor: string | null;
  reason: string | null;
  sourceEventId: string | null;
};

export async function recordProfileChange(tx: EntityManager, change: ProfileChangeRecord): Promise<void> {
  await tx.query(
    `INSERT INTO profile_changes (customer_id, kind, related_ids, version, origin, actor, reason, source_event_id)
     VALUES ($1, $2, $3::text[], $4, $5, $6, $7, $8)`,
    [change.customerId, change.kind, change.relatedIds, change.version, change.origin, change.actor, change.reason, change.sourceEventId],
  );
}

/** Follows an alias to the profile that survived it. */
export async function survivorOf(tx: EntityManager, customerId: string): Promise<ProfileRow | undefined> {
  const row = (await readProfiles(tx, [customerId])).get(customerId);
  if (row?.mergedInto == null) return row;
  return (await readProfiles(tx, [row.mergedInto])).get(row.mergedInto);
}
