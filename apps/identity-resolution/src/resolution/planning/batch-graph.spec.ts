import { DEFAULT_POLICY } from '../../rules/identity-policy';
import { planResolution, type Candidate } from './resolution-planner';
import { DEFAULT_RULES } from '../../rules/rule-registry';
import { at, identifier } from '../../rules/test-members.spec-helper';
import { BatchGraph, profileAccess } from './batch-graph';
import type { ProfileRow } from '../../profiles/profile.repository';

const row = (customerId: string, createdAt: string, version = 1): ProfileRow => ({
  customerId,
  status: 'active',
  mergedInto: null,
  version,
  createdAt: at(createdAt),
  suppressed: false,
});
const sealed = () => ({ keyId: 'k', ciphertext: 'x' });
const eventTime = at('2025-06-30T00:00:00Z');

/** A graph holding phone p in profile OLD and cookie c in profile NEW, with their members loaded. */
function twoProfiles() {
  const graph = new BatchGraph<{ eventId: string }>(
    new Map([
      ['p', { identifierId: '1', profileId: 'OLD' }],
      ['c', { identifierId: '2', profileId: 'NEW' }],
    ]),
    new Map([
      ['OLD', row('OLD', '2025-01-01T00:00:00Z', 4)],
      ['NEW', row('NEW', '2025-06-01T00:00:00Z')],
    ]),
    DEFAULT_POLICY,
  );
  graph.states.set('OLD', {
    customerId: 'OLD',
    createdAt: at('2025-01-01T00:00:00Z'),
    members: [
      { type: 'phone', baseType: 'phone', hash: 'p', linkedAt: eventTime, profileId: 'OLD' },
    ],
  });
  graph.states.set('NEW', {
    customerId: 'NEW',
    createdAt: at('2025-06-01T00:00:00Z'),
    members: [],
  });
  return graph;
}

const candidates = (
  graph: BatchGraph<{ eventId: string }>,
  entries: [Candidate['identifier']['baseType'], string][],
): Candidate[] =>
  entries.map(([type, hash]) => ({
    identifier: identifier(type, `value-${hash}`),
    hash,
    profileId: graph.profileOf(hash) ?? null,
  }));

describe('BatchGraph', () => {
  it('finds the one profile that already holds every identifier of an event, and none when they are split or unknown', () => {
    const graph = twoProfiles();
    expect(graph.unchangedTarget([['p', null]], new Set())).toBe('OLD');
    expect(
      graph.unchangedTarget(
        [
          ['p', null],
          ['c', null],
        ],
        new Set(),
      ),
    ).toBeUndefined();
    expect(
      graph.unchangedTarget(
        [
          ['p', null],
          ['new', null],
        ],
        new Set(),
      ),
    ).toBeUndefined();
    expect(graph.unchangedTarget([['p', null]], new Set(['p']))).toBeUndefined();
  });

  it('applies a merge so later events of the batch see one profile with the bumped version', () => {
    const graph = twoProfiles();
    const plan = planResolution(
      {
        eventTime,
        candidates: candidates(graph, [
          ['phone', 'p'],
          ['cookieId', 'c'],
        ]),
        profiles: graph.states,
      },
      DEFAULT_POLICY,
      DEFAULT_RULES,
    );
    const resolution = graph.apply(plan, { eventId: 'e1' }, eventTime, sealed);
    expect(resolution).toEqual({
      customerId: 'OLD',
      profileVersion: 5,
      changes: [
        {
          type: 'profile.merged',
          customerId: 'OLD',
          payload: { survivorId: 'OLD', mergedIds: ['NEW'], version: 5 },
        },
      ],
    });
    expect(
      graph.unchangedTarget(
        [
          ['p', null],
          ['c', null],
        ],
        new Set(),
      ),
    ).toBe('OLD');
    expect(graph.states.has('NEW')).toBe(false);
  });

  it('creates a profile for new identifiers that a later event of the same batch then finds', () => {
    const graph = twoProfiles();
    const plan = planResolution(
      {
        eventTime,
        candidates: candidates(graph, [
          ['deviceId', 'd'],
          ['cookieId', 'c2'],
        ]),
        profiles: graph.states,
      },
      DEFAULT_POLICY,
      DEFAULT_RULES,
    );
    const resolution = graph.apply(plan, { eventId: 'e2' }, eventTime, sealed);
    expect(resolution.profileVersion).toBe(1);
    expect(resolution.changes).toEqual([]);
    expect(
      graph.unchangedTarget(
        [
          ['d', null],
          ['c2', null],
        ],
        new Set(),
      ),
    ).toBe(resolution.customerId);
    expect(graph.states.get(resolution.customerId)?.members.map((m) => m.hash)).toEqual(['d']);
  });
});

describe('what a batch does to each stored profile, for its locks', () => {
  const mapping = new Map([
    ['p1', { identifierId: '1', profileId: 'A' }],
    ['d1', { identifierId: '2', profileId: 'A' }],
    ['p2', { identifierId: '3', profileId: 'B' }],
    ['c2', { identifierId: '4', profileId: 'C' }],
    ['c3', { identifierId: '5', profileId: 'D' }],
  ]);
  // A is the oldest, then B, C, D; all older than the batch's events.
  const createdAt = new Map([
    ['A', at('2025-01-01T00:00:00Z')],
    ['B', at('2025-02-01T00:00:00Z')],
    ['C', at('2025-03-01T00:00:00Z')],
    ['D', at('2025-04-01T00:00:00Z')],
  ]);
  const offered = (...hashes: string[]) => hashes.map((hash) => [hash, {}] as [string, unknown]);
  const accessOf = (
    batch: [string, unknown][][],
    options: { suppressed?: string[]; created?: Map<string, Date>; earliest?: Date } = {},
  ) =>
    Object.fromEntries(
      profileAccess(
        batch,
        new Set(options.suppressed ?? []),
        mapping,
        options.created ?? createdAt,
        options.earliest ?? eventTime,
      ),
    );

  it('reads the targets of events whose identifiers are all in one profile already', () => {
    expect(accessOf([offered('p1', 'd1'), offered('p2')])).toEqual({ A: 'read', B: 'read' });
  });

  it('changes a profile that only gains identifiers, and removes none', () => {
    expect(accessOf([offered('p1'), offered('d1', 'new')])).toEqual({ A: 'change' });
  });

  it('keeps the oldest profile of a merge as a change and removes the younger', () => {
    expect(accessOf([offered('p1'), offered('p2', 'c2')])).toEqual({
      A: 'read',
      B: 'change',
      C: 'remove',
    });
  });

  it('follows merges across events, through identifiers the batch creates', () => {
    // c2 + x joins C with a new identifier; x + p1 then joins that with A: A is the survivor.
    const batch = [offered('c2', 'x'), offered('x', 'p1'), offered('c3', 'p2')];
    expect(accessOf(batch)).toEqual({ A: 'change', B: 'change', C: 'remove', D: 'remove' });
  });

  it('removes a profile younger than an event of the batch, which may create an older one', () => {
    expect(accessOf([offered('p1', 'new')], { earliest: at('2024-12-31T00:00:00Z') })).toEqual({
      A: 'remove',
    });
  });

  it('removes every profile of a group when the age of one is unknown', () => {
    const created = new Map([...createdAt].filter(([id]) => id !== 'C'));
    expect(accessOf([offered('p2', 'c2')], { created })).toEqual({ B: 'remove', C: 'remove' });
  });

  it('ignores suppressed identifiers, which the batch never links', () => {
    expect(accessOf([offered('p1', 'p2')], { suppressed: ['p2'] })).toEqual({ A: 'change' });
    expect(accessOf([offered('p1', 'd1')], { suppressed: ['d1'] })).toEqual({ A: 'change' });
  });
});
