import type { Channel, Identifiers } from '@omni/contracts';
import { deriveCustomerId } from '../../src/resolution/planning/batch-graph';
import type { IdentifierCrypto } from '../../src/identifiers/identifier-crypto';
import { identifiersOf, type TypedIdentifier } from '../../src/identifiers/typed-identifier';
import type { IdentityPolicy } from '../../src/rules/identity-policy';
import type { GroupMember } from '../../src/rules/identity-rule';
import {
  planResolution,
  screenIdentifiers,
  type ProfileState,
} from '../../src/resolution/planning/resolution-planner';
import { DEFAULT_RULES } from '../../src/rules/rule-registry';

export type OracleEvent = {
  eventId: string;
  connectorId?: string;
  occurredAt: string;
  channel: Channel;
  identifiers: Identifiers;
};

/**
 * The identity graph in memory: a union-find over identifier hashes, applying the same
 * registered rules to events one after another. What the service computes with locks,
 * batches and several consumers must equal what this computes in sequence.
 */
export class UnionFindOracle {
  private readonly parent = new Map<string, string>();
  private readonly rootProfile = new Map<string, ProfileState>();
  /** Link rows the events create: one per identifier joined to an event's anchor. */
  linkCount = 0;
  /** Every profile the events create, with its status and version as the service keeps them. */
  readonly profiles = new Map<string, { status: 'active' | 'merged'; version: number }>();

  constructor(
    private readonly policy: IdentityPolicy,
    private readonly crypto: IdentifierCrypto,
  ) {}

  apply(event: OracleEvent): void {
    const eventTime = new Date(event.occurredAt);
    const hashOf = (identifier: TypedIdentifier) =>
      this.crypto.hash(identifier.type, identifier.value);
    const { kept } = screenIdentifiers(
      identifiersOf(event.identifiers, event.channel),
      this.policy,
      DEFAULT_RULES,
      hashOf,
    );
    if (kept.length === 0) {
      this.profiles.set(deriveCustomerId(event.connectorId ?? '', event.eventId), {
        status: 'active',
        version: 1,
      });
      return;
    }
    const candidates = kept.map((identifier) => {
      const hash = hashOf(identifier);
      return {
        identifier,
        hash,
        profileId: this.parent.has(hash) ? this.profileOf(hash).customerId : null,
      };
    });
    const profiles = new Map<string, ProfileState>();
    for (const c of candidates)
      if (c.profileId !== null) profiles.set(c.profileId, this.profileOf(c.hash));
    const plan = planResolution({ eventTime, candidates, profiles }, this.policy, DEFAULT_RULES);
    this.linkCount += plan.links.length;
    const customerId =
      plan.targetProfileId ?? deriveCustomerId(event.connectorId ?? '', event.eventId);
    this.recordProfiles(
      customerId,
      plan.targetProfileId === null,
      plan.newIdentifiers.length,
      plan.mergedProfileIds,
    );
    const root =
      plan.targetProfileId === null
        ? undefined
        : candidates.find((c) => c.profileId === plan.targetProfileId)?.hash;
    let anchorRoot = root === undefined ? undefined : this.find(root);
    const members: GroupMember[] =
      anchorRoot === undefined ? [] : [...(this.rootProfile.get(anchorRoot)?.members ?? [])];
    for (const c of plan.newIdentifiers) {
      this.parent.set(c.hash, c.hash);
      members.push({
        type: c.identifier.type,
        baseType: c.identifier.baseType,
        hash: c.hash,
        linkedAt: eventTime,
        profileId: customerId,
      });
      anchorRoot = this.union(anchorRoot, c.hash);
    }
    for (const mergedId of plan.mergedProfileIds) {
      const hash = candidates.find((c) => c.profileId === mergedId)?.hash as string;
      members.push(
        ...(this.rootProfile.get(this.find(hash))?.members ?? []).map((m) => ({
          ...m,
          profileId: customerId,
        })),
      );
      this.rootProfile.delete(this.find(hash));
      anchorRoot = this.union(anchorRoot, hash);
    }
    if (anchorRoot === undefined) return;
    const createdAt =
      plan.targetProfileId === null
        ? eventTime
        : (profiles.get(plan.targetProfileId)?.createdAt as Date);
    this.rootProfile.set(anchorRoot, {
      customerId,
      createdAt,
      members: members.map((m) => ({ ...m, profileId: customerId })),
    });
  }

  private recordProfiles(
    customerId: string,
    created: boolean,
    newIdentifiers: number,
    mergedIds: readonly string[],
  ): void {
    const profile = this.profiles.get(customerId) ?? { status: 'active' as const, version: 1 };
    if (!created && (newIdentifiers > 0 || mergedIds.length > 0)) profile.version += 1;
    this.profiles.set(customerId, profile);
    for (const id of mergedIds) {
      const merged = this.profiles.get(id);
      if (merged !== undefined) merged.status = 'merged';
    }
  }

  /** Every identifier hash with the customerId of its profile. */
  assignment(): Map<string, string> {
    return new Map([...this.parent.keys()].map((hash) => [hash, this.profileOf(hash).customerId]));
  }

  private profileOf(hash: string): ProfileState {
    return this.rootProfile.get(this.find(hash)) as ProfileState;
  }

  private find(hash: string): string {
    let root = hash;
    while (this.parent.get(root) !== root) root = this.parent.get(root) as string;
    this.parent.set(hash, root);
    return root;
  }

  /** Unions and moves the profile record to the new root. */
  private union(anchorRoot: string | undefined, hash: string): string {
    const other = this.find(hash);
    if (anchorRoot === undefined) return other;
    const a = this.find(anchorRoot);
    if (a === other) return a;
    this.parent.set(other, a);
    return a;
  }
}
