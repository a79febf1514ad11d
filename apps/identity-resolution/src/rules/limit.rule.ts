import type { GroupMember, JoinRule } from './identity-rule';
import { ALLOW } from './identity-rule';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Distinct values per scoped type that count against the limit at `eventTime`. */
function countsByType(
  members: readonly GroupMember[],
  windowStart: (baseType: GroupMember['baseType']) => number | null,
) {
  const seen = new Map<string, Set<string>>();
  for (const member of members) {
    const start = windowStart(member.baseType);
    if (start !== null && member.linkedAt.getTime() < start) continue;
    const hashes = seen.get(member.type) ?? new Set<string>();
    hashes.add(member.hash);
    seen.set(member.type, hashes);
  }
  return seen;
}

/** A profile holds at most `limit` values of a type (per scope), ever or within the type's window. */
export const limitRule: JoinRule = {
  name: 'limit',
  check({ current, incoming, eventTime }, policy) {
    const windowStart = (baseType: GroupMember['baseType']) => {
      const days = policy.types[baseType].windowDays;
      return days === null ? null : eventTime.getTime() - days * DAY_MS;
    };
    for (const [type, hashes] of countsByType([...current, ...incoming], windowStart)) {
      const baseType = [...current, ...incoming].find((member) => member.type === type)?.baseType;
      if (baseType === undefined) continue;
      const { limit, windowDays } = policy.types[baseType];
      if (limit !== null && hashes.size > limit) {
        const window = windowDays === null ? 'ever' : `per ${windowDays} days`;
        return {
          ok: false,
          rule: 'limit',
          reason: `${type} would reach ${hashes.size} values, over its limit of ${limit} ${window}`,
          conflict: false,
        };
      }
    }
    return ALLOW;
  },
};
