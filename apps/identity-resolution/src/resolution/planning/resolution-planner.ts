import type { TypedIdentifier } from '../../identifiers/typed-identifier';
import type { IdentityPolicy } from '../../rules/identity-policy';
import type { GroupMember } from '../../rules/identity-rule';
import type { RuleSet } from '../../rules/rule-registry';

/** An identifier of the event, with its keyed hash and the profile it already belongs to. */
export type Candidate = { identifier: TypedIdentifier; hash: string; profileId: string | null };

export type ProfileState = { customerId: string; createdAt: Date; members: readonly GroupMember[] };

export type Drop = { type: string; hash: string; rule: string; reason: string };

export type Conflict = { profileIds: [string, string]; type: string; rule: string; reason: string };

export type Link = { fromHash: string; toHash: string };

/** What one event does to the graph. `targetProfileId` null means a new profile. */
export type ResolutionPlan = {
  targetProfileId: string | null;
  mergedProfileIds: string[];
  newIdentifiers: Candidate[];
  links: Link[];
  drops: Drop[];
  conflicts: Conflict[];
};

export type PlanInput = {
  eventTime: Date;
  candidates: readonly Candidate[];
  profiles: ReadonlyMap<string, ProfileState>;
};

/** Splits identifiers into those that may be linked and those a value rule blocks, with why. */
export function screenIdentifiers(
  identifiers: readonly TypedIdentifier[],
  policy: IdentityPolicy,
  rules: RuleSet,
  hashOf: (identifier: TypedIdentifier) => string,
): { kept: TypedIdentifier[]; drops: Drop[] } {
  const kept: TypedIdentifier[] = [];
  const drops: Drop[] = [];
  for (const identifier of identifiers) {
    const refusal = rules.identifierRules
      .map((rule) => rule.check(identifier, policy))
      .find((verdict) => !verdict.ok);
    if (refusal === undefined || refusal.ok) kept.push(identifier);
    else
      drops.push({
        type: identifier.type,
        hash: hashOf(identifier),
        rule: refusal.rule,
        reason: refusal.reason,
      });
  }
  return { kept, drops };
}

/** Strongest first; type and hash break ties so every replica plans the same. */
export function byPriority(policy: IdentityPolicy) {
  return (a: Candidate, b: Candidate) =>
    policy.types[b.identifier.baseType].priority - policy.types[a.identifier.baseType].priority ||
    a.identifier.type.localeCompare(b.identifier.type) ||
    a.hash.localeCompare(b.hash);
}

const olderFirst = (a: ProfileState, b: ProfileState) =>
  a.createdAt.getTime() - b.createdAt.getTime() || a.customerId.localeCompare(b.customerId);

/**
 * Plans one event, deterministically: identifiers are taken strongest first and each one
 * (with its whole profile) joins what is already linked unless a join rule refuses; a
 * refused identifier is the lowest-priority one so far, so it is the one dropped. The oldest
 * profile among those joined survives.
 */
export function planResolution(
  input: PlanInput,
  policy: IdentityPolicy,
  rules: RuleSet,
): ResolutionPlan {
  const ordered = [...new Map(input.candidates.map((c) => [c.hash, c])).values()].sort(
    byPriority(policy),
  );
  const plan: ResolutionPlan = {
    targetProfileId: null,
    mergedProfileIds: [],
    newIdentifiers: [],
    links: [],
    drops: [],
    conflicts: [],
  };
  const joined = new Set<string>();
  const current: GroupMember[] = [];
  let anchor: Candidate | undefined;

  const groupOf = (candidate: Candidate): readonly GroupMember[] => {
    if (candidate.profileId === null) {
      const { type, baseType } = candidate.identifier;
      return [{ type, baseType, hash: candidate.hash, linkedAt: input.eventTime, profileId: null }];
    }
    return input.profiles.get(candidate.profileId)?.members ?? [];
  };

  for (const candidate of ordered) {
    if (candidate.profileId !== null && joined.has(candidate.profileId)) continue;
    const incoming = groupOf(candidate);
    if (anchor !== undefined) {
      const refusal = rules.joinRules
        .map((rule) => rule.check({ current, incoming, eventTime: input.eventTime }, policy))
        .find((verdict) => !verdict.ok);
      if (refusal !== undefined && !refusal.ok) {
        plan.drops.push({
          type: candidate.identifier.type,
          hash: candidate.hash,
          rule: refusal.rule,
          reason: refusal.reason,
        });
        const ours = anchor.profileId ?? [...joined][0];
        if (refusal.conflict && candidate.profileId !== null && ours !== undefined) {
          plan.conflicts.push({
            profileIds: [ours, candidate.profileId],
            type: candidate.identifier.type,
            rule: refusal.rule,
            reason: refusal.reason,
          });
        }
        continue;
      }
      plan.links.push({ fromHash: anchor.hash, toHash: candidate.hash });
    }
    anchor ??= candidate;
    current.push(...incoming);
    if (candidate.profileId === null) plan.newIdentifiers.push(candidate);
    else joined.add(candidate.profileId);
  }

  const survivors = [...joined]
    .map((id) => input.profiles.get(id))
    .filter((p): p is ProfileState => p !== undefined)
    .sort(olderFirst);
  plan.targetProfileId = survivors[0]?.customerId ?? null;
  plan.mergedProfileIds = survivors.slice(1).map((p) => p.customerId);
  return plan;
}
