import type { IdentifierType } from '@omni/contracts';
import type { TypedIdentifier } from '../identifiers/typed-identifier';
import type { IdentityPolicy } from './identity-policy';

/** A rule's answer, with the explanation that is stored when it says no. */
export type RuleVerdict =
  | { ok: true }
  | {
      ok: false;
      rule: string;
      reason: string;
      /** Stored for review rather than just dropped. */ conflict: boolean;
    };

/** One identifier of a profile, as the merge rules see it: no value, only its keyed hash. */
export type GroupMember = {
  type: string;
  baseType: IdentifierType;
  hash: string;
  /** Event time at which it joined the graph; windows count from here. */
  linkedAt: Date;
  /** The existing profile it belongs to, or null for an identifier this event introduces. */
  profileId: string | null;
};

/** Joining `incoming` (an existing profile, or one new identifier) to what the event already linked. */
export type JoinProposal = {
  current: readonly GroupMember[];
  incoming: readonly GroupMember[];
  eventTime: Date;
};

/** Decides whether one identifier value may be linked at all. Pure. */
export type IdentifierRule = {
  name: string;
  check(identifier: TypedIdentifier, policy: IdentityPolicy): RuleVerdict;
};

/** Decides whether two groups may become one profile. Pure. */
export type JoinRule = {
  name: string;
  check(join: JoinProposal, policy: IdentityPolicy): RuleVerdict;
};

export const ALLOW: RuleVerdict = { ok: true };
