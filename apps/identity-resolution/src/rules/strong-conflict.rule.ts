import type { GroupMember, JoinRule } from './identity-rule';
import { ALLOW } from './identity-rule';

function strongValues(members: readonly GroupMember[], strong: (member: GroupMember) => boolean) {
  const byType = new Map<string, Set<string>>();
  for (const member of members) {
    if (member.profileId === null || !strong(member)) continue;
    const hashes = byType.get(member.type) ?? new Set<string>();
    hashes.add(member.hash);
    byType.set(member.type, hashes);
  }
  return byType;
}

/**
 * Two existing profiles that each hold a different value of the same strong type (two
 * memberIds, two unionIds) are never merged automatically: a person does not have two
 * memberships, so one of the links is wrong and a person has to decide which.
 */
export const strongConflictRule: JoinRule = {
  name: 'strong-conflict',
  check({ current, incoming }, policy) {
    const strong = (member: GroupMember) => policy.types[member.baseType].strong;
    const held = strongValues(current, strong);
    for (const [type, theirs] of strongValues(incoming, strong)) {
      const ours = held.get(type);
      if (ours === undefined) continue;
      const differs =
        [...theirs].some((hash) => !ours.has(hash)) || [...ours].some((hash) => !theirs.has(hash));
      if (differs) {
        return {
          ok: false,
          rule: 'strong-conflict',
          reason: `both profiles hold a different ${type}`,
          conflict: true,
        };
      }
    }
    return ALLOW;
  },
};
