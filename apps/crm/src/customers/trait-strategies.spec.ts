import fc from 'fast-check';
import { mergeTrait, mergeTraits, type TraitObservation } from './trait-strategies';

const at = (day: number) => new Date(Date.UTC(2026, 0, day));
const obs = (value: string | number, day: number, eventKey = `e${day}`): TraitObservation => ({
  value,
  at: at(day),
  eventKey,
});

describe('trait strategies', () => {
  const observations = [obs('Suzhou', 3), obs('Hangzhou', 1), obs('Shanghai', 2)];

  it('latest: the value of the latest event time, with that time', () => {
    expect(mergeTrait('latest', observations)).toEqual({
      value: 'Suzhou',
      setAt: at(3).toISOString(),
      strategy: 'latest',
    });
  });

  it('first: the value of the earliest event time', () => {
    expect(mergeTrait('first', observations)).toEqual({
      value: 'Hangzhou',
      setAt: at(1).toISOString(),
      strategy: 'first',
    });
  });

  it('max: the greatest value, set by the earliest event that had it', () => {
    expect(mergeTrait('max', [obs(3, 1), obs(7, 2), obs(7, 4), obs(5, 5)])).toEqual({
      value: 7,
      setAt: at(2).toISOString(),
      strategy: 'max',
    });
  });

  it('sum: the numbers added up, at the latest of them; none: no value', () => {
    expect(mergeTrait('sum', [obs(3, 1), obs(4, 2)])).toEqual({
      value: 7,
      setAt: at(2).toISOString(),
      strategy: 'sum',
    });
    expect(mergeTrait('sum', [obs('a', 1)])).toBeUndefined();
  });

  it('union: every distinct value, sorted', () => {
    expect(mergeTrait('union', [obs('b', 1), obs('a', 2), obs('b', 3)])).toEqual({
      value: ['a', 'b'],
      setAt: at(3).toISOString(),
      strategy: 'union',
    });
  });

  it('ties in event time are broken by event key, so the result never depends on arrival order', () => {
    const tied = [obs('x', 1, 'k2'), obs('y', 1, 'k1')];
    expect(mergeTrait('latest', tied)?.value).toBe('x');
    expect(mergeTrait('latest', [...tied].reverse())?.value).toBe('x');
  });

  it('unlisted traits merge as latest', () => {
    const merged = mergeTraits(new Map([['nickname', [obs('a', 1), obs('b', 2)]]]), {});
    expect(merged['nickname']).toMatchObject({ value: 'b', strategy: 'latest' });
  });

  it('any arrival order gives the same traits (property)', () => {
    const observation = fc.record({
      value: fc.oneof(fc.constantFrom('a', 'b', 'c'), fc.integer({ min: -5, max: 5 })),
      day: fc.integer({ min: 1, max: 5 }),
      key: fc.uuid(),
    });
    const history = fc
      .array(observation, { minLength: 1, maxLength: 12 })
      .map((list) => list.map((o) => obs(o.value, o.day, o.key)))
      .chain((all) =>
        fc.tuple(
          fc.constant(all),
          fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }),
        ),
      );
    fc.assert(
      fc.property(
        history,
        fc.constantFrom('latest', 'first', 'max', 'sum', 'union' as const),
        ([all, shuffled], strategy) => {
          expect(mergeTrait(strategy, shuffled)).toEqual(mergeTrait(strategy, all));
        },
      ),
    );
  });
});
