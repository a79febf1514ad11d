import { hashString, hashWords } from './hash';

/** A stream label: a number (a person's index, a day) or a short name. */
export type StreamKey = number | string;

const keyWord = (key: StreamKey): number => (typeof key === 'number' ? key >>> 0 : hashString(key));

/** A weighted choice: the value and its relative weight. */
export type Weighted<T> = readonly (readonly [T, number])[];

/**
 * xoshiro128** (Blackman and Vigna, 2018): a small, fast generator with a 2^128 − 1 period,
 * seeded through splitmix32 so that nearby seeds give unrelated streams. Math.random is never
 * used: the same seed and stream keys always give the same numbers.
 */
export class Prng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  private constructor(s0: number, s1: number, s2: number, s3: number) {
    this.s0 = s0 | 0;
    this.s1 = s1 | 0;
    this.s2 = s2 | 0;
    this.s3 = s3 | 0;
  }

  /** An independent stream for (seed, ...keys): e.g. `Prng.stream(seed, 'person', 17)`. */
  static stream(seed: number, ...keys: readonly StreamKey[]): Prng {
    let state = hashWords(seed, ...keys.map(keyWord));
    const splitmix32 = (): number => {
      state = (state + 0x9e3779b9) >>> 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    return new Prng(splitmix32(), splitmix32(), splitmix32(), splitmix32());
  }

  /** A generator with the raw xoshiro128 state, for known-answer tests against the reference. */
  static fromState(s0: number, s1: number, s2: number, s3: number): Prng {
    if ((s0 | s1 | s2 | s3) === 0) throw new RangeError('xoshiro128 state must not be all zero');
    return new Prng(s0, s1, s2, s3);
  }

  /** The next unsigned 32-bit word. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** A float in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('cannot pick from an empty list');
    return items[Math.floor(this.next() * items.length)];
  }

  /** A value chosen with probability proportional to its weight. */
  weighted<T>(choices: Weighted<T>): T {
    let total = 0;
    for (const [, weight] of choices) total += weight;
    if (!(total > 0)) throw new RangeError('weighted choice needs a positive total weight');
    let target = this.next() * total;
    for (const [value, weight] of choices) {
      target -= weight;
      if (target < 0) return value;
    }
    return choices[choices.length - 1][0];
  }

  /** Normally distributed (Box–Muller; one of the pair is dropped to keep the state simple). */
  normal(mean: number, standardDeviation: number): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + standardDeviation * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Exponentially distributed with the given mean: waiting times of a Poisson process. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** Successes in `trials` independent trials of probability p. */
  binomial(trials: number, p: number): number {
    let successes = 0;
    for (let trial = 0; trial < trials; trial++) if (this.next() < p) successes++;
    return successes;
  }

  /** A new array with the items in random order (Fisher–Yates). */
  shuffled<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let index = copy.length - 1; index > 0; index--) {
      const other = Math.floor(this.next() * (index + 1));
      [copy[index], copy[other]] = [copy[other], copy[index]];
    }
    return copy;
  }
}

function rotl(word: number, shift: number): number {
  return (word << shift) | (word >>> (32 - shift));
}
