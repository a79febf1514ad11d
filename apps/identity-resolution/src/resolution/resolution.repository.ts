import type { IdentifierType } from '@omni/contracts';
import { scalarArrayLiteral, textArrayLiteral } from '@omni/database';
import type { EntityManager } from 'typeorm';
import {
  profileRow,
  type LinkEvidence,
  type ProfileChangeRecord,
  type ProfileRecord,
  type ProfileRow,
} from '../profiles/profile.repository';
import type { Candidate, ProfileState } from './planning/resolution-planner';
import type { IdentityPolicy } from '../rules/identity-policy';
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

/** Which of `hashes` are on the suppression list (their profile was erased). */
export async function suppressedAmong(
  tx: EntityManager,
  hashes: readonly string[],
): Promise<Set<string>> {
  if (hashes.length === 0) return new Set();
  const rows: { hash: string }[] = await tx.query(
    `SELECT hash FROM suppressions WHERE hash = ANY($1::text[])`,
    [hashes],
  );
  return new Set(rows.map((row) => row.hash));
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

/** How a caller will use each mapped profile, given the mapping and the profiles' creation times. */
export type AccessPlan = (
  mapping: ReadonlyMap<string, { profileId: string }>,
  createdAt: ReadonlyMap<string, Date>,
) => ReadonlyMap<string, ProfileAccess>;

/**
 * Locks what a batch's resolution depends on — each identifier not yet in the graph (so it
 * is created once) and each profile its identifiers belong to (so the profile cannot change
 * underneath) — then reads the mapping again until it is stable under the locks held,
 * returning it with the rows of the mapped profiles.
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

/**
 * One event's line in the resolution log: the profile it resolved to and, when it has one,
 * an identifier it was resolved through (where its facts go if that profile is split).
 */
export type LogEntry = {
  sourceEventId: string;
  connectorId: string | null;
  customerId: string;
  identifierHash: string | null;
};

export type BatchRows = {
  profiles: readonly NewProfileRow[];
  identifiers: readonly NewIdentifierRow[];
  /** hash → id of the stored identifiers that links refer to. */
  storedIds: ReadonlyMap<string, string>;
  links: readonly NewLinkRow[];
  changes: readonly ProfileChangeRecord[];
  conflicts: readonly ConflictRow[];
  /** The resolution log, in the order the graph changed in; see LogEntry. */
  log: readonly LogEntry[];
  drops: readonly DropRow[];
  /** Stored profiles merged into a survivor: their identifiers move, they and their aliases point at it. */
  folds: readonly { mergedId: string; survivorId: string }[];
  /** New versions of stored profiles. */
  versions: ReadonlyMap<string, number>;
};

/** A Postgres array type and the array (or array literal) bound to it. */
type ColumnArray = readonly [
  type: 'text' | 'int' | 'bigint' | 'boolean' | 'timestamptz',
  values: unknown,
];

/**
 * Binds named arrays as positional parameters: `unnest` renders one table's rows as
 * `unnest($n::type[], …) [WITH ORDINALITY] AS alias(column, …[, n])`, so a reader sees which
 * array is which column; an array already bound under the same name is reused.
 */
class NamedArrays {
  readonly values: unknown[] = [];
  private readonly bound = new Map<string, string>();

  unnest(
    alias: string,
    columns: Record<string, ColumnArray>,
    options: { ordinality?: boolean } = {},
  ): string {
    const placeholders = Object.entries(columns).map(([column, [type, values]]) => {
      const name = `${alias}.${column}`;
      let placeholder = this.bound.get(name);
      if (placeholder === undefined) {
        this.values.push(values);
        placeholder = `$${this.values.length}::${type}[]`;
        this.bound.set(name, placeholder);
      }
      return placeholder;
    });
    const names = [...Object.keys(columns), ...(options.ordinality ? ['n'] : [])];
    return `unnest(${placeholders.join(', ')})${options.ordinality ? ' WITH ORDINALITY' : ''} AS ${alias}(${names.join(', ')})`;
  }
}

/**
 * Everything a batch writes, in one statement (customer ids never contain a comma). New
 * rows are inserted in their final state (a new profile merged within the batch already as
 * an alias), so the updates only touch stored rows and no row is written twice. Links find
 * the ids of identifiers inserted by the same statement through its RETURNING (a hash join:
 * each hash is in `ids` once); one that names an unknown hash fails the NOT NULL constraint
 * instead of being lost. Order inside each table is the batch's order (WITH ORDINALITY).
 */
export async function writeBatchRows(tx: EntityManager, rows: BatchRows): Promise<void> {
  const { profiles, identifiers, links, changes, conflicts, log, drops, folds } = rows;
  const stored = [...rows.storedIds];
  const arrays = new NamedArrays();
  const newProfiles = arrays.unnest('p', {
    customer_id: ['text', textArrayLiteral(profiles.map((p) => p.customerId))],
    created_at: ['timestamptz', profiles.map((p) => p.createdAt)],
    suppressed: ['boolean', scalarArrayLiteral(profiles.map((p) => p.suppressed))],
    version: ['int', scalarArrayLiteral(profiles.map((p) => p.version))],
    merged_into: ['text', textArrayLiteral(profiles.map((p) => p.mergedInto ?? null))],
  });
  const newIdentifiers = arrays.unnest(
    'i',
    {
      hash: ['text', textArrayLiteral(identifiers.map((i) => i.hash))],
      type: ['text', textArrayLiteral(identifiers.map((i) => i.identifier.type))],
      base_type: ['text', textArrayLiteral(identifiers.map((i) => i.identifier.baseType))],
      key_id: ['text', textArrayLiteral(identifiers.map((i) => i.keyId))],
      value_encrypted: ['text', textArrayLiteral(identifiers.map((i) => i.ciphertext))],
      profile_id: ['text', textArrayLiteral(identifiers.map((i) => i.profileId))],
      linked_at: ['timestamptz', identifiers.map((i) => i.linkedAt)],
    },
    { ordinality: true },
  );
  const storedIdentifiers = arrays.unnest('s', {
    hash: ['text', textArrayLiteral(stored.map(([hash]) => hash))],
    id: ['bigint', scalarArrayLiteral(stored.map(([, id]) => id))],
  });
  const newLinks = arrays.unnest(
    'l',
    {
      from_hash: ['text', textArrayLiteral(links.map((l) => l.fromHash))],
      to_hash: ['text', textArrayLiteral(links.map((l) => l.toHash))],
      source_event_id: ['text', textArrayLiteral(links.map((l) => l.sourceEventId))],
      channel: ['text', textArrayLiteral(links.map((l) => l.channel))],
      rule: ['text', textArrayLiteral(links.map((l) => l.rule))],
      occurred_at: ['timestamptz', links.map((l) => l.occurredAt)],
    },
    { ordinality: true },
  );
  const newChanges = arrays.unnest(
    'x',
    {
      customer_id: ['text', textArrayLiteral(changes.map((c) => c.customerId))],
      kind: ['text', textArrayLiteral(changes.map((c) => c.kind))],
      related_ids: ['text', textArrayLiteral(changes.map((c) => c.relatedIds.join(',')))],
      version: ['int', scalarArrayLiteral(changes.map((c) => c.version))],
      origin: ['text', textArrayLiteral(changes.map((c) => c.origin))],
      actor: ['text', textArrayLiteral(changes.map((c) => c.actor))],
      reason: ['text', textArrayLiteral(changes.map((c) => c.reason))],
      source_event_id: ['text', textArrayLiteral(changes.map((c) => c.sourceEventId))],
    },
    { ordinality: true },
  );
  const newConflicts = arrays.unnest(
    'c',
    {
      profile_ids: ['text', textArrayLiteral(conflicts.map((c) => c.profileIds.join(',')))],
      identifier_type: ['text', textArrayLiteral(conflicts.map((c) => c.type))],
      rule: ['text', textArrayLiteral(conflicts.map((c) => c.rule))],
      reason: ['text', textArrayLiteral(conflicts.map((c) => c.reason))],
      source_event_id: ['text', textArrayLiteral(conflicts.map((c) => c.sourceEventId))],
    },
    { ordinality: true },
  );
  const newLog = arrays.unnest(
    'g',
    {
      source_event_id: ['text', textArrayLiteral(log.map((l) => l.sourceEventId))],
      connector_id: ['text', textArrayLiteral(log.map((l) => l.connectorId))],
      customer_id: ['text', textArrayLiteral(log.map((l) => l.customerId))],
      identifier_hash: ['text', textArrayLiteral(log.map((l) => l.identifierHash))],
    },
    { ordinality: true },
  );
  const newDrops = arrays.unnest('d', {
    source_event_id: ['text', textArrayLiteral(drops.map((d) => d.sourceEventId))],
    customer_id: ['text', textArrayLiteral(drops.map((d) => d.customerId))],
    identifier_type: ['text', textArrayLiteral(drops.map((d) => d.type))],
    identifier_hash: ['text', textArrayLiteral(drops.map((d) => d.hash))],
    rule: ['text', textArrayLiteral(drops.map((d) => d.rule))],
    reason: ['text', textArrayLiteral(drops.map((d) => d.reason))],
  });
  const foldColumns: Record<string, ColumnArray> = {
    merged_id: ['text', textArrayLiteral(folds.map((f) => f.mergedId))],
    survivor_id: ['text', textArrayLiteral(folds.map((f) => f.survivorId))],
  };
  const bumped = arrays.unnest('b', {
    customer_id: ['text', textArrayLiteral([...rows.versions.keys()])],
    version: ['int', scalarArrayLiteral([...rows.versions.values()])],
  });
  await tx.query(
    `WITH new_profiles AS (
       INSERT INTO profiles (customer_id, created_at, suppressed, version, status, merged_into)
       SELECT customer_id, created_at, suppressed, version,
              CASE WHEN merged_into IS NULL THEN 'active' ELSE 'merged' END, merged_into
       FROM ${newProfiles}
     ), new_identifiers AS (
       INSERT INTO identifiers (hash, type, base_type, key_id, value_encrypted, profile_id, linked_at)
       SELECT hash, type, base_type, key_id, value_encrypted, profile_id, linked_at
       FROM ${newIdentifiers}
       ORDER BY n
       RETURNING hash, id
     ), ids AS (
       SELECT hash, id FROM new_identifiers
       UNION ALL
       SELECT hash, id FROM ${storedIdentifiers}
     ), new_links AS (
       INSERT INTO links (from_identifier, to_identifier, source_event_id, channel, rule, occurred_at)
       SELECT f.id, t.id, l.source_event_id, l.channel, l.rule, l.occurred_at
       FROM ${newLinks}
       LEFT JOIN ids f ON f.hash = l.from_hash
       LEFT JOIN ids t ON t.hash = l.to_hash
       ORDER BY l.n
     ), new_changes AS (
       INSERT INTO profile_changes (customer_id, kind, related_ids, version, origin, actor, reason, source_event_id)
       SELECT customer_id, kind, string_to_array(related_ids, ','), version, origin, actor, reason, source_event_id
       FROM ${newChanges}
       ORDER BY n
     ), new_conflicts AS (
       INSERT INTO conflicts (profile_ids, identifier_type, rule, reason, source_event_id)
       SELECT string_to_array(profile_ids, ','), identifier_type, rule, reason, source_event_id
       FROM ${newConflicts}
       ORDER BY n
     ), new_log AS (
       INSERT INTO resolution_log (source_event_id, connector_id, customer_id, identifier_hash)
       SELECT source_event_id, connector_id, customer_id, identifier_hash FROM ${newLog} ORDER BY n
     ), new_drops AS (
       INSERT INTO resolution_drops (source_event_id, customer_id, identifier_type, identifier_hash, rule, reason)
       SELECT source_event_id, customer_id, identifier_type, identifier_hash, rule, reason FROM ${newDrops}
     ), moved AS (
       UPDATE identifiers i SET profile_id = f.survivor_id
       FROM ${arrays.unnest('f', foldColumns)} WHERE i.profile_id = f.merged_id
     ), changed AS (
       UPDATE profiles p
       SET status = CASE WHEN u.merged THEN 'merged' ELSE p.status END,
           merged_into = COALESCE(u.survivor, p.merged_into),
           version = COALESCE(u.version, p.version),
           updated_at = now()
       FROM (
         SELECT id, bool_or(merged) AS merged, max(survivor) AS survivor, max(version) AS version
         FROM (
           SELECT f.merged_id AS id, true AS merged, f.survivor_id AS survivor, NULL::int AS version
           FROM ${arrays.unnest('f', foldColumns)}
           UNION ALL
           -- Aliases the merged profiles already had.
           SELECT a.customer_id, false, f.survivor_id, NULL
           FROM profiles a JOIN ${arrays.unnest('f', foldColumns)} ON a.merged_into = f.merged_id
           UNION ALL
           SELECT b.customer_id, false, NULL, b.version FROM ${bumped}
         ) x
         GROUP BY id
       ) u
       WHERE p.customer_id = u.id
     )
     SELECT 1`,
    arrays.values,
  );
}
