import { MappingHints } from './mapping-hints';

const day = (n: number) => new Date(Date.UTC(2025, 0, n));

describe('MappingHints', () => {
  it('guesses what it last learned and names the hashes it knows nothing of', () => {
    const hints = new MappingHints(10);
    hints.learn(['a', 'b', 'c'], new Map([['a', { profileId: 'P' }]]), new Map([['P', day(1)]]));
    expect(hints.split(['a', 'b', 'z'])).toEqual({
      mapping: new Map([['a', { profileId: 'P' }]]),
      createdAt: new Map([['P', day(1)]]),
      unknown: ['b', 'z'],
    });
  });

  it('forgets a hash a later read found unmapped, and follows one that moved', () => {
    const hints = new MappingHints(10);
    hints.learn(
      ['a', 'b'],
      new Map([
        ['a', { profileId: 'P' }],
        ['b', { profileId: 'P' }],
      ]),
      new Map([['P', day(1)]]),
    );
    hints.learn(['a', 'b'], new Map([['b', { profileId: 'Q' }]]), new Map([['Q', day(2)]]));
    const { mapping, unknown } = hints.split(['a', 'b']);
    expect(mapping).toEqual(new Map([['b', { profileId: 'Q' }]]));
    expect(unknown).toEqual(['a']);
  });

  it('holds at most its capacity, forgetting first what it learnt (or saw move) longest ago', () => {
    const hints = new MappingHints(3);
    const ages = new Map([
      ['P', day(1)],
      ['Q', day(2)],
    ]);
    for (const hash of ['a', 'b', 'c'])
      hints.learn([hash], new Map([[hash, { profileId: 'P' }]]), ages);
    hints.learn(['a'], new Map([['a', { profileId: 'Q' }]]), ages);
    // Learning what it already knows changes nothing.
    hints.learn(['b'], new Map([['b', { profileId: 'P' }]]), ages);
    hints.learn(['d'], new Map([['d', { profileId: 'P' }]]), ages);
    expect(hints.size).toBe(3);
    expect(hints.split(['a', 'b', 'c', 'd']).unknown).toEqual(['b']);
  });

  it('learns nothing with a capacity of 0', () => {
    const hints = new MappingHints(0);
    hints.learn(['a'], new Map([['a', { profileId: 'P' }]]), new Map([['P', day(1)]]));
    expect(hints.split(['a']).unknown).toEqual(['a']);
  });
});
