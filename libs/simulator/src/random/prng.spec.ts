import fc from 'fast-check';
import { Prng } from './prng';

const take = (rng: Prng, count: number): number[] =>
  Array.from({ length: count }, () => rng.nextUint32());

describe('Prng (xoshiro128**)', () => {
  it('matches the reference implementation for the state {1, 2, 3, 4}', () => {
    expect(take(Prng.fromState(1, 2, 3, 4), 3)).toEqual([11520, 0, 5927040]);
  });

  it('gives the same stream for the same seed and stream keys', () => {
    fc.assert(
      fc.property(fc.nat(), fc.string(), (seed, key) => {
        expect(take(Prng.stream(seed, key, 3), 16)).toEqual(take(Prng.stream(seed, key, 3), 16));
      }),
    );
  });

  it('gives unrelated streams for neighbouring seeds and keys', () => {
    const a = take(Prng.stream(1, 'person', 1), 8);
    expect(take(Prng.stream(2, 'person', 1), 8)).not.toEqual(a);
    expect(take(Prng.stream(1, 'person', 2), 8)).not.toEqual(a);
    expect(take(Prng.stream(1, 'feed', 1), 8)).not.toEqual(a);
  });

  it('keeps int() inside its inclusive bounds and reaches both ends', () => {
    const rng = Prng.stream(7);
    const seen = new Set(Array.from({ length: 2000 }, () => rng.int(4, 6)));
    expect([...seen].sort()).toEqual([4, 5, 6]);
  });

  it('is close to uniform: the mean of 20,000 floats is 0.5 within 0.01', () => {
    const rng = Prng.stream(42);
    let sum = 0;
    for (let draw = 0; draw < 20_000; draw++) sum += rng.next();
    expect(Math.abs(sum / 20_000 - 0.5)).toBeLessThan(0.01);
  });

  it('chooses by weight: a 3:1 split lands within 2 points of 75%', () => {
    const rng = Prng.stream(9);
    let first = 0;
    for (let draw = 0; draw < 20_000; draw++) {
      if (
        rng.weighted([
          ['a', 3],
          ['b', 1],
        ] as const) === 'a'
      )
        first += 1;
    }
    expect(Math.abs(first / 20_000 - 0.75)).toBeLessThan(0.02);
  });

  it('refuses an all-zero state, which would only ever produce zeros', () => {
    expect(() => Prng.fromState(0, 0, 0, 0)).toThrow(RangeError);
  });
});
