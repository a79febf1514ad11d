import { hash } from 'node:crypto';
import type { Candidate, Drop, ProfileState, ResolutionPlan } from './resolution-planner';
import type { IdentityPolicy } from '../../rules/identity-policy';
import type { GroupMember } from '../../rules/identity-rule';
import type { ProfileAccess } from '../graph-locks';
import type { ProfileChangeRecord, ProfileRow } from '../../profiles/profile.repository';
import type {
  BatchRows,
  ConflictRow,
  MappedIdentifier,
  NewIdentifierRow,
  NewLinkRow,
  NewProfileRow,
} from '../resolution.repository';
import { automaticMerge, type ProfileChange } from '../../profiles/profile-change-events';

/** A customerId derived from what caused it, so replaying the same events gives the same ids. */
export function deriveCustomerId(...parts: string[]): string {
  return `cus_${hash('sha256', parts.join('\u0000'), 'hex').slice(0, 24)}`;
}

/** The subset of an event the batch graph needs to derive ids and write evidence. */
type EventRef = { eventId: string; connectorId?: string; channel?: string };

/** An event's resolution: its profile, the identifier it was resolved through (if any) and its drops. */
export type LogRow<E> = {
  input: E;
  customerId: string;
  identifierHash: string | null;
  drops: Drop[];
};

type Sealed = { keyId: string; ciphertext: string };

/** The one profile holding every offered identifier under `profileOf`, if the event changes nothing. */
export function unchangedTarget(
  offered: readonly [string, unknown][],
  suppressed: ReadonlySet<string>,
  profileOf: (hash: string) => string | undefined,
): string | undefined {
  if (offered.length === 0) return undefined;
  let target: string | undefined;
  for (const [hash] of offered) {
    const profileId = suppressed.has(hash) ? undefined : profileOf(hash);
    if (profileId === undefined || (target !== undefined && profileId !== target)) return undefined;
    target = profileId;
  }
  return target;
}

/**
 * What a batch does to each stored profile under `mapping` (see ProfileAccess), for its locks.
 * A profile is `read` when every event that offers its identifiers only finds it. The events
 * that change the graph join what they offer into groups (identifiers, and through them
 * profiles, transitively, as the batch will join them in memory). In a group, the oldest
 * stored profile survives every merge the batch can make, so it is a `change`, provided it
 * is also older than every event of the batch (a profile the batch creates is as old as the
 * event that creates it, and could be older still); every other profile of the group, and
 * every profile whose age is unknown, is a `remove`.
 */
export function profileAccess(
  offeredByEvent: readonly (readonly [string, unknown][])[],
  suppressed: ReadonlySet<string>,
  mapping: ReadonlyMap<string, { profileId: string }>,
  createdAt: ReadonlyMap<string, Date>,
  earliestEvent: Date,
): Map<string, ProfileAccess> {
  const access = new Map<string, ProfileAccess>();
  const profileOf = (hash: string) => mapping.get(hash)?.profileId;
  const parent = new Map<string, string>();
  const find = (node: string): string => {
    let root = node;
    for (let up = parent.get(root); up !== undefined && up !== root; up = parent.get(root))
      root = up;
    for (let at = node; at !== root;) {
      const up = parent.get(at) as string;
      parent.set(at, root);
      at = up;
    }
    return root;
  };
  const changed = new Set<string>();
  for (const offered of offeredByEvent) {
    const target = unchangedTarget(offered, suppressed, profileOf);
    if (target !== undefined) {
      access.set(target, 'read');
      continue;
    }
    let first: string | undefined;
    for (const [hash] of offered) {
      if (suppressed.has(hash)) continue;
      const profileId = profileOf(hash);
      if (profileId !== undefined) changed.add(profileId);
      const node = profileId === undefined ? `h\u0000${hash}` : `p\u0000${profileId}`;
      if (!parent.has(node)) parent.set(node, node);
      if (first === undefined) first = node;
      else parent.set(find(node), find(first));
    }
  }
  const survivorOf = new Map<string, string | null>();
  for (const id of changed) {
    const root = find(`p\u0000${id}`);
    const best = survivorOf.get(root);
    if (best === null) continue;
    const time = createdAt.get(id);
    if (time === undefined) survivorOf.set(root, null);
    else if (best === undefined || olderThan(id, time, best, createdAt.get(best) as Date))
      survivorOf.set(root, id);
  }
  for (const id of changed) {
    const survivor = survivorOf.get(find(`p\u0000${id}`));
    const keeps =
      survivor === id && (createdAt.get(id) as Date).getTime() < earliestEvent.getTime();
    access.set(id, keeps ? 'change' : 'remove');
  }
  return access;
}

// The planner's order of age: creation time, then customerId.
const olderThan = (a: string, aTime: Date, b: string, bTime: Date) =>
  aTime.getTime() - bTime.getTime() < 0 ||
  (aTime.getTime() === bTime.getTime() && a.localeCompare(b) < 0);

/**
 * The part of the identity graph one consumer batch touches, held in memory while the batch
 * is planned event by event, in order, with the registered rules. It neither reads nor writes:
 * the resolver reads what it lacks (`unloaded`, `addStates`) and writes what it changed
 * (`toWrite`) through the repository. Everything read for it is covered by the advisory locks
 * the batch took, so nobody else can change it meanwhile.
 */
export class BatchGraph<E extends EventRef> {
  /** Identifier hash → the profile it belongs to now. */
  private readonly mapping = new Map<string, string>();
  private readonly identifierIds = new Map<string, string>();
  private readonly versions = new Map<string, number>();
  /** Rule-relevant members of the profiles the batch plans against. */
  readonly states = new Map<string, ProfileState & { members: GroupMember[] }>();
  private readonly aliasOf = new Map<string, string>();
  private readonly newProfiles: NewProfileRow[] = [];
  private readonly newIdentifiers: NewIdentifierRow[] = [];
  private readonly links: NewLinkRow[] = [];
  private readonly bumped = new Set<string>();
  /** Hashes this batch linked or moved to another profile. */
  private readonly moved = new Set<string>();
  private readonly changes: ProfileChangeRecord[] = [];
  private readonly conflicts: ConflictRow[] = [];
  /** The resolution log in the order the graph changed in, which is the batch's order. */
  readonly log: LogRow<E>[] = [];

  constructor(
    mapped: ReadonlyMap<string, MappedIdentifier>,
    private readonly rows: ReadonlyMap<string, ProfileRow>,
    private readonly policy: IdentityPolicy,
  ) {
    for (const [hash, m] of mapped) {
      this.mapping.set(hash, m.profileId);
      this.identifierIds.set(hash, m.identifierId);
    }
    for (const [id, row] of rows) this.versions.set(id, row.version);
  }

  profileOf(hash: string): string | undefined {
    return this.mapping.get(hash);
  }

  versionOf(customerId: string): number {
    return this.versions.get(customerId) ?? 1;
  }

  /** The one profile that already holds every offered identifier, if the event changes nothing. */
  unchangedTarget(
    offered: readonly [string, unknown][],
    suppressed: ReadonlySet<string>,
  ): string | undefined {
    return unchangedTarget(offered, suppressed, (hash) => this.mapping.get(hash));
  }

  /** The stored profiles among `profileIds` whose members are not loaded yet. */
  unloaded(profileIds: readonly (string | null | undefined)[]): Map<string, ProfileRow> {
    const missing = new Map<string, ProfileRow>();
    for (const id of profileIds) {
      const row = id == null || this.states.has(id) ? undefined : this.rows.get(id);
      if (row !== undefined) missing.set(row.customerId, row);
    }
    return missing;
  }

  /** Adds the members read for profiles `unloaded` named. */
  addStates(states: ReadonlyMap<string, ProfileState>): void {
    for (const [id, state] of states)
      this.states.set(id, { ...state, members: [...state.members] });
  }

  createProfile(customerId: string, createdAt: Date, suppressed: boolean): void {
    this.newProfiles.push({ customerId, createdAt, suppressed, version: 1 });
    this.versions.set(customerId, 1);
    this.states.set(customerId, { customerId, createdAt, members: [] });
  }

  /** Applies one event's plan to the in-memory graph, as `IdentityResolver.apply` does to the stored one. */
  apply(
    plan: ResolutionPlan,
    input: E,
    eventTime: Date,
    seal: (candidate: Candidate) => Sealed,
  ): { customerId: string; profileVersion: number; changes: ProfileChange[] } {
    const created = plan.targetProfileId === null;
    const customerId =
      plan.targetProfileId ?? deriveCustomerId(input.connectorId ?? '', input.eventId);
    if (created) this.createProfile(customerId, eventTime, false);
    const survivor = this.states.get(customerId);
    if (survivor === undefined)
      throw new Error(`profile ${customerId} was planned against but never loaded`);
    for (const candidate of plan.newIdentifiers) {
      this.newIdentifiers.push({
        ...candidate,
        ...seal(candidate),
        profileId: customerId,
        linkedAt: eventTime,
      });
      this.mapping.set(candidate.hash, customerId);
      this.moved.add(candidate.hash);
      const { type, baseType } = candidate.identifier;
      if (this.ruled(baseType))
        survivor.members.push({
          type,
          baseType,
          hash: candidate.hash,
          linkedAt: eventTime,
          profileId: customerId,
        });
    }
    if (plan.mergedProfileIds.length > 0) {
      const merged = new Set(plan.mergedProfileIds);
      for (const mergedId of merged) {
        this.aliasOf.set(mergedId, customerId);
        for (const member of this.states.get(mergedId)?.members ?? [])
          survivor.members.push({ ...member, profileId: customerId });
        this.states.delete(mergedId);
      }
      for (const [hash, profileId] of this.mapping)
        if (merged.has(profileId)) {
          this.mapping.set(hash, customerId);
          this.moved.add(hash);
        }
    }
    for (const link of plan.links) {
      this.links.push({
        fromHash: link.fromHash,
        toHash: link.toHash,
        sourceEventId: input.eventId,
        channel: input.channel ?? null,
        rule: 'same-event',
        occurredAt: eventTime,
      });
    }
    const changed =
      !created && (plan.newIdentifiers.length > 0 || plan.mergedProfileIds.length > 0);
    if (changed) {
      this.versions.set(customerId, this.versionOf(customerId) + 1);
      this.bumped.add(customerId);
    }
    const version = this.versionOf(customerId);
    const changes: ProfileChange[] = [];
    if (plan.mergedProfileIds.length > 0) {
      const merge = automaticMerge(customerId, plan.mergedProfileIds, version, input.eventId);
      this.changes.push(merge.record);
      changes.push(merge.change);
    }
    for (const conflict of plan.conflicts)
      this.conflicts.push({ ...conflict, sourceEventId: input.eventId });
    return { customerId, profileVersion: version, changes };
  }

  /** Everything the batch changed, and its resolution log, as rows for one write. */
  toWrite(): BatchRows {
    const isNew = new Set(this.newProfiles.map((p) => p.customerId));
    const newHashes = new Set(this.newIdentifiers.map((row) => row.hash));
    const storedIds = new Map<string, string>();
    for (const { fromHash, toHash } of this.links)
      for (const hash of [fromHash, toHash]) {
        const id = this.identifierIds.get(hash);
        if (!newHashes.has(hash) && id !== undefined) storedIds.set(hash, id);
      }
    return {
      profiles: this.newProfiles.map((p) => ({
        ...p,
        version: this.versionOf(p.customerId),
        mergedInto: this.aliasOf.has(p.customerId) ? this.survivorOf(p.customerId) : null,
      })),
      identifiers: this.newIdentifiers.map((row) => ({
        ...row,
        profileId: this.survivorOf(row.profileId),
      })),
      storedIds,
      links: this.links,
      changes: this.changes,
      conflicts: this.conflicts,
      log: this.log.map((row) => ({
        sourceEventId: row.input.eventId,
        connectorId: row.input.connectorId ?? null,
        customerId: row.customerId,
        identifierHash: row.identifierHash,
      })),
      drops: this.log.flatMap((row) =>
        row.drops.map((drop) => ({
          sourceEventId: row.input.eventId,
          customerId: row.customerId,
          type: drop.type,
          hash: drop.hash,
          rule: drop.rule,
          reason: drop.reason,
        })),
      ),
      folds: [...this.aliasOf.keys()]
        .filter((mergedId) => !isNew.has(mergedId))
        .map((mergedId) => ({ mergedId, survivorId: this.survivorOf(mergedId) })),
      versions: new Map(
        [...this.bumped].filter((id) => !isNew.has(id)).map((id) => [id, this.versionOf(id)]),
      ),
    };
  }

  /** Where the identifiers this batch linked or moved now belong, and the ages of the profiles it created. */
  learned(): { mapping: Map<string, { profileId: string }>; createdAt: Map<string, Date> } {
    const mapping = new Map<string, { profileId: string }>();
    for (const hash of this.moved)
      mapping.set(hash, { profileId: this.survivorOf(this.mapping.get(hash) as string) });
    const createdAt = new Map<string, Date>();
    for (const profile of this.newProfiles) createdAt.set(profile.customerId, profile.createdAt);
    return { mapping, createdAt };
  }

  private survivorOf(customerId: string): string {
    let id = customerId;
    for (let next = this.aliasOf.get(id); next !== undefined; next = this.aliasOf.get(id))
      id = next;
    return id;
  }

  private ruled(baseType: GroupMember['baseType']): boolean {
    const policy = this.policy.types[baseType];
    return policy.limit !== null || policy.strong;
  }
}
