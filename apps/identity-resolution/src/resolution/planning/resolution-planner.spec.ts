import { DEFAULT_POLICY } from '../../rules/identity-policy';
import {
  planResolution,
  screenIdentifiers,
  type Candidate,
  type ProfileState,
} from './resolution-planner';
import { DEFAULT_RULES } from '../../rules/rule-registry';
import { at, identifier, member } from '../../rules/test-members.spec-helper';

const eventTime = at('2025-06-30T00:00:00Z');
const candidate = (
  baseType: Parameters<typeof identifier>[0],
  hash: string,
  profileId: string | null,
): Candidate => ({
  identifier: identifier(baseType, `value-${hash}`),
  hash,
  profileId,
});
const profile = (
  customerId: string,
  createdAt: string,
  members: ProfileState['members'],
): ProfileState => ({ customerId, createdAt: at(createdAt), members });
const plan = (candidates: Candidate[], profiles: ProfileState[] = []) =>
  planResolution(
    { eventTime, candidates, profiles: new Map(profiles.map((p) => [p.customerId, p])) },
    DEFAULT_POLICY,
    DEFAULT_RULES,
  );

describe('planResolution', () => {
  it('creates one new profile linking all new identifiers to the strongest', () => {
    const result = plan([candidate('cookieId', 'c', null), candidate('phone', 'p', null)]);
    expect(result.targetProfileId).toBeNull();
    expect(result.newIdentifiers.map((c) => c.hash)).toEqual(['p', 'c']);
    expect(result.links).toEqual([{ fromHash: 'p', toHash: 'c' }]);
  });

  it('merges two profiles into the oldest, which survives', () => {
    const anon = profile('cus_new', '2025-06-20T00:00:00Z', [member('cookieId', 'c', 'cus_new')]);
    const known = profile('cus_old', '2025-01-01T00:00:00Z', [member('phone', 'p', 'cus_old')]);
    const result = plan(
      [candidate('cookieId', 'c', 'cus_new'), candidate('phone', 'p', 'cus_old')],
      [anon, known],
    );
    expect(result.targetProfileId).toBe('cus_old');
    expect(result.mergedProfileIds).toEqual(['cus_new']);
    expect(result.links).toEqual([{ fromHash: 'p', toHash: 'c' }]);
  });

  it('drops the lowest-priority identifier when a link would pass a limit, and says why', () => {
    const a = profile('A', '2025-01-01T00:00:00Z', [
      member('phone', 'p1', 'A'),
      member('phone', 'p2', 'A'),
      member('memberId', 'm', 'A'),
    ]);
    const result = plan(
      [
        candidate('memberId', 'm', 'A'),
        candidate('phone', 'p3', null),
        candidate('cookieId', 'c', null),
      ],
      [a],
    );
    expect(result.targetProfileId).toBe('A');
    expect(result.drops).toEqual([
      {
        type: 'phone',
        hash: 'p3',
        rule: 'limit',
        reason: 'phone would reach 3 values, over its limit of 2 ever',
      },
    ]);
    expect(result.newIdentifiers.map((c) => c.hash)).toEqual(['c']);
  });

  it('stores a conflict instead of merging two profiles with different memberIds', () => {
    const a = profile('A', '2025-01-01T00:00:00Z', [member('memberId', 'm1', 'A')]);
    const b = profile('B', '2025-02-01T00:00:00Z', [
      member('memberId', 'm2', 'B'),
      member('phone', 'p', 'B'),
    ]);
    const result = plan([candidate('memberId', 'm1', 'A'), candidate('phone', 'p', 'B')], [a, b]);
    expect(result.targetProfileId).toBe('A');
    expect(result.mergedProfileIds).toEqual([]);
    expect(result.conflicts).toEqual([
      {
        profileIds: ['A', 'B'],
        type: 'phone',
        rule: 'strong-conflict',
        reason: 'both profiles hold a different memberId',
      },
    ]);
  });

  it('changes nothing for identifiers that already share a profile', () => {
    const a = profile('A', '2025-01-01T00:00:00Z', [
      member('phone', 'p', 'A'),
      member('cookieId', 'c', 'A'),
    ]);
    const result = plan([candidate('phone', 'p', 'A'), candidate('cookieId', 'c', 'A')], [a]);
    expect(result).toEqual({
      targetProfileId: 'A',
      mergedProfileIds: [],
      newIdentifiers: [],
      links: [],
      drops: [],
      conflicts: [],
    });
  });
});

describe('screenIdentifiers', () => {
  it('keeps real identifiers and records each blocked one with its rule', () => {
    const { kept, drops } = screenIdentifiers(
      [identifier('anonymousId', 'null'), identifier('phone', '+8613912345678')],
      DEFAULT_POLICY,
      DEFAULT_RULES,
      (i) => `h-${i.value}`,
    );
    expect(kept.map((i) => i.value)).toEqual(['+8613912345678']);
    expect(drops).toEqual([
      {
        type: 'anonymousId',
        hash: 'h-null',
        rule: 'blocked-value',
        reason: 'anonymousId is a placeholder value',
      },
    ]);
  });
});
