import { hash } from 'node:crypto';
import { scalarArrayLiteral, textArrayLiteral } from '@omni/database';
import type { EntityManager } from 'typeorm';
import type { Candidate, ProfileState } from '../rules/resolution-planner';
import type { IdentityPolicy } from '../rules/identity-policy';
import type { IdentifierType } from '@omni/contracts';
import {
  acquireLockModes,
  addProfileLocks,
  holdsNoLocks,
  identifierLockKey,
  lockFirst,
  LockBusyError,
  type LockMode,
  type ProfileAccess,
} from './graph-locks';

export type MappedIdentifier = { identifierId: string; profileId: string };

export type ProfileRow = {
  customerId: string;
  status: string;
  mergedInto: string | null;
  version: number;
  createdAt: Date;
  suppressed: boolean;
};

type ProfileRecord = {
  customer_id: string;
  status: string;
  merged_into: string | null;
  version: number;
  created_at: Date;
  suppressed: boolean;
};

const profileRow = (r: ProfileRecord): ProfileRow => ({
  customerId: r.customer_id,
  status: r.status,
  mergedInto: r.merged_into,
  version: r.version,
  createdAt: r.created_at,
  suppressed: r.suppressed,
});

/** A customerId derived from what caused it, so replaying the same events gives the same ids. */
export function deriveCustomerId(...parts: string[]): string {
  return `cus_${hash('sha256', parts.join('\u0000'), 'hex').slice(0, 24)}`;
}

export async function readMapping(
  tx: EntityManager,
  hashes: readonly string[],
): Promise<Map<string, MappedIdentifier>> {
  return (await readMappedProfiles(tx, hashes)).mapping;
}

export type MappedProfiles = {
  mapping: Map<string, MappedIdentifier>;
  profiles: Map<string, ProfileRow>;
};

/** The mapping of `hashes` and the rows of the profiles they map to, in one round trip. */
async function readMappedProfiles(
  tx: EntityManager,
  hashes: readonly string[],
): Promise<MappedProfiles> {
  if (hashes.length === 0) return { mapping: new Map(), profiles: new Map() };
  return mappedProfiles(
    await tx.query(
      `SELECT i.hash, i.id::text AS id, p.customer_id, p.status, p.merged_into, p.version, p.created_at, p.suppressed
       FROM identifiers i JOIN profiles p ON p.customer_id = i.profile_id WHERE i.hash = ANY($1::text[])`,
      [hashes],
    ),
  );
}

type MappedProfileRecord = { hash: string; id: string } & ProfileRecord;

function mappedProfiles(rows: MappedProfileRecord[]): MappedProfiles {
  return {
    mapping: new Map(
      rows.map((row) => [row.hash, { identifierId: row.id, profileId: row.customer_id }]),
    ),
    profiles: new Map(rows.map((row) => [row.customer_id, profileRow(row)])),
  };
}

/**
 * Which of `hashes` are suppressed (erased), the stored mapping of the rest and when the
 * profiles they map to were created, in one round trip.
 */
export async function readSuppressedAndMapping(
  tx: EntityManager,
  hashes: readonly string[],
): Promise<{
  suppressed: Set<string>;
  mapping: Map<string, MappedIdentifier>;
  createdAt: Map<string, Date>;
}> {
  if (hashes.length === 0)
    return { suppressed: new Set(), mapping: new Map(), createdAt: new Map() };
  const rows: {
    suppressed: boolean;
    hash: string;
    id: string | null;
    profile_id: string | null;
    created_at: Date | null;
  }[] = await tx.query(
    `SELECT true AS suppressed, hash, NULL AS id, NULL AS profile_id, NULL::timestamptz AS created_at
     FROM suppressions WHERE hash = ANY($1::text[])
     UNION ALL
     SELECT false, i.hash, i.id::text, i.profile_id, p.created_at
     FROM identifiers i JOIN profiles p ON p.customer_id = i.profile_id WHERE i.hash = ANY($1::text[])`,
    [textArrayLiteral(hashes)],
  );
  const suppressed = new Set(rows.filter((row) => row.suppressed).map((row) => row.hash));
  const mapping = new Map<string, MappedIdentifier>();
  const createdAt = new Map<string, Date>();
  for (const row of rows) {
    if (!row.suppressed && !suppressed.has(row.hash)) {
      mapping.set(row.hash, {
        identifierId: row.id as string,
        profileId: row.profile_id as string,
      });
      createdAt.set(row.profile_id as string, row.created_at as Date);
    }
  }
  return { suppressed, mapping, createdAt };
}

const sameMapping = (
  a: ReadonlyMap<string, { profileId: string }>,
  b: ReadonlyMap<string, { profileId: string }>,
) => a.size === b.size && [...a].every(([hash, m]) => b.get(hash)?.profileId === m.profileId);

/**
 * Locks what an event's resolution depends on — each identifier not yet in the graph (so it
 * is created once) and each profile its identifiers belong to (so the profile cannot change
 * underneath) — then reads the mapping again until it is stable under the locks held.
 */
export async function lockAndMap(
  tx: EntityManager,
  hashes: readonly string[],
): Promise<Map<string, MappedIdentifier>> {
  return (await lockAndMapProfiles(tx, hashes, await readMapping(tx, hashes))).mapping;
}

/** How a caller will use each mapped profile, given the mapping and the profiles' creation times. */
export type AccessPlan = (
  mapping: ReadonlyMap<string, { profileId: string }>,
  createdAt: ReadonlyMap<string, Date>,
) => ReadonlyMap<string, ProfileAccess>;

/**
 * `lockAndMap` from a mapping already read, also returning the rows of the mapped profiles.
 * `access` says what the caller will do to each mapped profile (see ProfileAccess), and so
 * which of its locks it takes; a profile it leaves out is locked for `remove`, the safe
 * default. Each identifier not yet in the graph is locked exclusive.
 */
export async function lockAndMapProfiles(
  tx: EntityManager,
  hashes: readonly string[],
  unlocked: ReadonlyMap<string, { profileId: string }>,
  access: AccessPlan = () => new Map(),
  unlockedCreatedAt: ReadonlyMap<string, Date> = new Map(),
  /** Told what each read under the locks found, also when the mapping moved meanwhile. */
  onRead: (read: MappedProfiles) => void = () => undefined,
): Promise<MappedProfiles> {
  let mapping: ReadonlyMap<string, { profileId: string }> = unlocked;
  const createdAt = new Map(unlockedCreatedAt);
  for (let round = 0; round < 5; round++) {
    const planned = access(mapping, createdAt);
    const keys = new Map<bigint, LockMode>();
    for (const hash of hashes)
      if (!mapping.has(hash)) keys.set(identifierLockKey(hash), 'exclusive');
    for (const { profileId } of mapping.values())
      addProfileLocks(keys, profileId, planned.get(profileId) ?? 'remove');
    let again: MappedProfiles;
    if (holdsNoLocks(tx)) {
      again = mappedProfiles(await lockFirst<MappedProfileRecord>(tx, keys, hashes));
    } else {
      await acquireLockModes(tx, keys);
      again = await readMappedProfiles(tx, hashes);
    }
    onRead(again);
    for (const [id, row] of again.profiles) createdAt.set(id, row.createdAt);
    // Stable once the profiles are the same and the locks taken cover what they need.
    if (
      sameMapping(mapping, again.mapping) &&
      covers(planned, access(again.mapping, createdAt), again.mapping)
    )
      return again;
    mapping = again.mapping;
  }
  throw new LockBusyError([]);
}

const strength: Record<ProfileAccess, number> = { read: 0, change: 1, remove: 2 };

/** Whether the locks taken for each mapped profile are as strong as it needs (absent: remove). */
const covers = (
  taken: ReadonlyMap<string, ProfileAccess>,
  needed: ReadonlyMap<string, ProfileAccess>,
  mapping: ReadonlyMap<string, { profileId: string }>,
) =>
  [...mapping.values()].every(
    ({ profileId }) =>
      strength[taken.get(profileId) ?? 'remove'] >= strength[needed.get(profileId) ?? 'remove'],
  );

/** Locks profiles for any change at all (both locks of each, exclusive): manual merge, split, erasure. */
export async function lockProfiles(
  tx: EntityManager,
  customerIds: readonly string[],
): Promise<void> {
  const keys = new Map<bigint, LockMode>();
  for (const id of customerIds) addProfileLocks(keys, id, 'remove');
  await acquireLockModes(tx, keys);
}

export async function readProfiles(
  tx: EntityManager,
  customerIds: readonly string[],
): Promise<Map<string, ProfileRow>> {
  if (customerIds.length === 0) return new Map();
  const rows: ProfileRecord[] = await tx.query(
    `SELECT customer_id, status, merged_into, version, created_at, suppressed FROM profiles WHERE customer_id = ANY($1::text[])`,
    [customerIds],
  );
  return new Map(rows.map((r) => [r.customer_id, profileRow(r)]));
}

/** The profiles with the members the merge rules count: only types that have a limit or are strong. */
export async function loadProfileStates(
  tx: EntityManager,
  profiles: ReadonlyMap<string, ProfileRow>,
  policy: IdentityPolicy,
): Promise<Map<string, ProfileState>> {
  const ruled = (
    Object.entries(policy.types) as [IdentifierType, IdentityPolicy['types'][IdentifierType]][]
  )
    .filter(([, p]) => p.limit !== null || p.strong)
    .map(([type]) => type);
  const rows: {
    profile_id: string;
    type: string;
    base_type: IdentifierType;
    hash: string;
    linked_at: Date;
  }[] = await tx.query(
    `SELECT profile_id, type, base_type, hash, linked_at FROM identifiers WHERE profile_id = ANY($1::text[]) AND base_type = ANY($2::text[])`,
    [textArrayLiteral([...profiles.keys()]), textArrayLiteral(ruled)],
  );
  const states = new Map<string, ProfileState>();
  for (const profile of profiles.values())
    states.set(profile.customerId, {
      customerId: profile.customerId,
      createdAt: profile.createdAt,
      members: [],
    });
  for (const row of rows) {
    const state = states.get(row.profile_id);
    if (state === undefined) continue;
    (state.members as ProfileState['members'][number][]).push({
      type: row.type,
      baseType: row.base_type,
      hash: row.hash,
      linkedAt: row.linked_at,
      profileId: row.profile_id,
    });
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

export type LinkEvidence = {
  sourceEventId: string;
  channel: string | null;
  rule: string;
  occurredAt: Date;
};

export async function insertLinks(
  tx: EntityManager,
  pairs: readonly [string, string][],
  evidence: LinkEvidence,
): Promise<void> {
  if (pairs.length === 0) return;
  await tx.query(
    `INSERT INTO links (from_identifier, to_identifier, source_event_id, channel, rule, occurred_at)
     SELECT f, t, $3, $4, $5, $6 FROM unnest($1::bigint[], $2::bigint[]) AS p(f, t)`,
    [
      pairs.map((p) => p[0]),
      pairs.map((p) => p[1]),
      evidence.sourceEventId,
      evidence.channel,
      evidence.rule,
      evidence.occurredAt,
    ],
  );
}

/** Folds `mergedIds` into `survivorId`: identifiers move, the merged profiles become aliases. */
export async function foldProfiles(
  tx: EntityManager,
  survivorId: string,
  mergedIds: readonly string[],
): Promise<void> {
  if (mergedIds.length === 0) return;
  await tx.query(`UPDATE identifiers SET profile_id = $1 WHERE profile_id = ANY($2::text[])`, [
    survivorId,
    mergedIds,
  ]);
  await tx.query(
    `UPDATE profiles SET merged_into = $1, updated_at = now() WHERE merged_into = ANY($2::text[])`,
    [survivorId, mergedIds],
  );
  await tx.query(
    `UPDATE profiles SET status = 'merged', merged_into = $1, updated_at = now() WHERE customer_id = ANY($2::text[])`,
    [survivorId, mergedIds],
  );
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

export async function recordProfileChange(
  tx: EntityManager,
  change: ProfileChangeRecord,
): Promise<void> {
  await tx.query(
    `INSERT INTO profile_changes (customer_id, kind, related_ids, version, origin, actor, reason, source_event_id)
     VALUES ($1, $2, $3::text[], $4, $5, $6, $7, $8)`,
    [
      change.customerId,
      change.kind,
      change.relatedIds,
      change.version,
      change.origin,
      change.actor,
      change.reason,
      change.sourceEventId,
    ],
  );
}

/** Follows an alias to the profile that survived it. */
export async function survivorOf(
  tx: EntityManager,
  customerId: string,
): Promise<ProfileRow | undefined> {
  const row = (await readProfiles(tx, [customerId])).get(customerId);
  if (row?.mergedInto == null) return row;
  return (await readProfiles(tx, [row.mergedInto])).get(row.mergedInto);
}

export type NewProfileRow = {
  customerId: string;
  createdAt: Date;
  suppressed: boolean;
  version: number;
  /** Set when the profile was merged in the batch that created it. */
  mergedInto?: string | null;
};

export type NewIdentifierRow = Candidate & {
  keyId: string;
  ciphertext: string;
  profileId: string;
  linkedAt: Date;
};

/** A link between two identifiers named by hash: stored ones by their id, new ones as inserted. */
export type NewLinkRow = { fromHash: string; toHash: string } & LinkEvidence;

export type ConflictRow = {
  profileIds: readonly string[];
  type: string;
  rule: string;
  reason: string;
  sourceEventId: string;
};

export type DropRow = {
  sourceEventId: string;
  customerId: string;
  type: string;
  hash: string;
  rule: string;
  reason: string;
};

export type BatchRows = {
  profiles: readonly NewProfileRow[];
  identifiers: readonly NewIdentifierRow[];
  /** hash → id of the stored identifiers that links refer to. */
  storedIds: ReadonlyMap<string, string>;
  links: readonly NewLinkRow[];
  changes: readonly ProfileChangeRecord[];
  conflicts: readonly ConflictRow[];
  /** The resolution log: (source event id, customerId), in the order the graph changed in. */
  log: readonly { sourceEventId: string; customerId: string }[];
  drops: readonly DropRow[];
  /** Stored profiles merged into a survivor: their identifiers move, they and their aliases point at it. */
  folds: readonly { mergedId: string; survivorId: string }[];
  /** New versions of stored profiles. */
  versions: ReadonlyMap<string, number>;
};

/**
 * Everything a batch writes, in one statement (customer ids never contain a comma). New
 * rows are inserted in their final state (a new profile merged within the batch already as
 * an alias), so the updates only touch stored rows and no row is written twice. Links find
 * the ids of identifiers inserted by the same statement through its RETURNING (a hash join:
 * each hash is in `ids` once); one that names an unknown hash fails the NOT NULL constraint
 * instead of being lost. Order inside
 * each table is the batch's order (WITH ORDINALITY).
 */
export async function writeBatchRows(tx: EntityManager, rows: BatchRows): Promise<void> {
  const { profiles, identifiers, links, changes, conflicts, log, drops, folds } = rows;
  const stored = [...rows.storedIds];
  await tx.query(
    `WITH new_profiles AS (
       INSERT INTO profiles (customer_id, created_at, suppressed, version, status, merged_into)
       SELECT c, t, s, v, CASE WHEN m IS NULL THEN 'active' ELSE 'merged' END, m
       FROM unnest($1::text[], $2::timestamptz[], $3::boolean[], $4::int[], $41::text[]) AS p(c, t, s, v, m)
     ), new_identifiers AS (
       INSERT INTO identifiers (hash, type, base_type, key_id, value_encrypted, profile_id, linked_at)
       SELECT h, t, b, k, v, p, l
       FROM unnest($5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::timestamptz[]) WITH ORDINALITY AS i(h, t, b, k, v, p, l, n)
       ORDER BY n
       RETURNING hash, id
     ), ids AS (
       SELECT hash, id FROM new_identifiers
       UNION ALL
       SELECT * FROM unnest($12::text[], $13::bigint[]) AS s(hash, id)
     ), new_links AS (
       INSERT INTO links (from_identifier, to_identifier, source_event_id, channel, rule, occurred_at)
       SELECT f.id, t.id, e, c, r, o
       FROM unnest($14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::timestamptz[]) WITH ORDINALITY AS l(fh, th, e, c, r, o, n)
       LEFT JOIN ids f ON f.hash = l.fh
       LEFT JOIN ids t ON t.hash = l.th
       ORDER BY n
     ), new_changes AS (
       INSERT INTO profile_changes (customer_id, kind, related_ids, version, origin, actor, reason, source_event_id)
       SELECT c, k, string_to_array(r, ','), v, o, a, why, e
       FROM unnest($20::text[], $21::text[], $22::text[], $23::int[], $24::text[], $25::text[], $26::text[], $27::text[]) WITH ORDINALITY AS x(c, k, r, v, o, a, why, e, n)
       ORDER BY n
     ), new_conflicts AS (
       INSERT INTO conflicts (profile_ids, identifier_type, rule, reason, source_event_id)
       SELECT string_to_array(ids, ','), type, rule, reason, e
       FROM unnest($28::text[], $29::text[], $30::text[], $31::text[], $32::text[]) WITH ORDINALITY AS c(ids, type, rule, reason, e, n)
       ORDER BY n
     ), new_log AS (
       INSERT INTO resolution_log (source_event_id, customer_id)
       SELECT e, c FROM unnest($33::text[], $34::text[]) WITH ORDINALITY AS g(e, c, n) ORDER BY n
     ), new_drops AS (
       INSERT INTO resolution_drops (source_event_id, customer_id, identifier_type, identifier_hash, rule, reason)
       SELECT * FROM unnest($35::text[], $36::text[], $37::text[], $38::text[], $39::text[], $40::text[])
     ), moved AS (
       UPDATE identifiers i SET profile_id = f.s FROM unnest($42::text[], $43::text[]) AS f(m, s) WHERE i.profile_id = f.m
     ), changed AS (
       UPDATE profiles p
       SET status = CASE WHEN u.merged THEN 'merged' ELSE p.status END,
           merged_into = COALESCE(u.survivor, p.merged_into),
           version = COALESCE(u.version, p.version),
           updated_at = now()
       FROM (
         SELECT id, bool_or(merged) AS merged, max(survivor) AS survivor, max(version) AS version
         FROM (
           SELECT m AS id, true AS merged, s AS survivor, NULL::int AS version
           FROM unnest($42::text[], $43::text[]) AS f(m, s)
           UNION ALL
           -- Aliases the merged profiles already had.
           SELECT a.customer_id, false, f.s, NULL
           FROM profiles a JOIN unnest($42::text[], $43::text[]) AS f(m, s) ON a.merged_into = f.m
           UNION ALL
           SELECT id, false, NULL, v FROM unnest($44::text[], $45::int[]) AS b(id, v)
         ) x
         GROUP BY id
       ) u
       WHERE p.customer_id = u.id
     )
     SELECT 1`,
    [
      textArrayLiteral(profiles.map((p) => p.customerId)),
      profiles.map((p) => p.createdAt),
      scalarArrayLiteral(profiles.map((p) => p.suppressed)),
      scalarArrayLiteral(profiles.map((p) => p.version)),
      textArrayLiteral(identifiers.map((i) => i.hash)),
      textArrayLiteral(identifiers.map((i) => i.identifier.type)),
      textArrayLiteral(identifiers.map((i) => i.identifier.baseType)),
      textArrayLiteral(identifiers.map((i) => i.keyId)),
      textArrayLiteral(identifiers.map((i) => i.ciphertext)),
      textArrayLiteral(identifiers.map((i) => i.profileId)),
      identifiers.map((i) => i.linkedAt),
      textArrayLiteral(stored.map(([hash]) => hash)),
      scalarArrayLiteral(stored.map(([, id]) => id)),
      textArrayLiteral(links.map((l) => l.fromHash)),
      textArrayLiteral(links.map((l) => l.toHash)),
      textArrayLiteral(links.map((l) => l.sourceEventId)),
      textArrayLiteral(links.map((l) => l.channel)),
      textArrayLiteral(links.map((l) => l.rule)),
      links.map((l) => l.occurredAt),
      textArrayLiteral(changes.map((c) => c.customerId)),
      textArrayLiteral(changes.map((c) => c.kind)),
      textArrayLiteral(changes.map((c) => c.relatedIds.join(','))),
      scalarArrayLiteral(changes.map((c) => c.version)),
      textArrayLiteral(changes.map((c) => c.origin)),
      textArrayLiteral(changes.map((c) => c.actor)),
      textArrayLiteral(changes.map((c) => c.reason)),
      textArrayLiteral(changes.map((c) => c.sourceEventId)),
      textArrayLiteral(conflicts.map((c) => c.profileIds.join(','))),
      textArrayLiteral(conflicts.map((c) => c.type)),
      textArrayLiteral(conflicts.map((c) => c.rule)),
      textArrayLiteral(conflicts.map((c) => c.reason)),
      textArrayLiteral(conflicts.map((c) => c.sourceEventId)),
      textArrayLiteral(log.map((l) => l.sourceEventId)),
      textArrayLiteral(log.map((l) => l.customerId)),
      textArrayLiteral(drops.map((d) => d.sourceEventId)),
      textArrayLiteral(drops.map((d) => d.customerId)),
      textArrayLiteral(drops.map((d) => d.type)),
      textArrayLiteral(drops.map((d) => d.hash)),
      textArrayLiteral(drops.map((d) => d.rule)),
      textArrayLiteral(drops.map((d) => d.reason)),
      textArrayLiteral(profiles.map((p) => p.mergedInto ?? null)),
      textArrayLiteral(folds.map((f) => f.mergedId)),
      textArrayLiteral(folds.map((f) => f.survivorId)),
      textArrayLiteral([...rows.versions.keys()]),
      scalarArrayLiteral([...rows.versions.values()]),
    ],
  );
}
