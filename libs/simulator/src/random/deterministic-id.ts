import { fmix32, hash2, hashString, hashWords } from './hash';

const HEX_BYTES = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

const hex8 = (word: number): string =>
  HEX_BYTES[(word >>> 24) & 0xff] +
  HEX_BYTES[(word >>> 16) & 0xff] +
  HEX_BYTES[(word >>> 8) & 0xff] +
  HEX_BYTES[word & 0xff];

const hex4 = (word: number): string => HEX_BYTES[(word >>> 8) & 0xff] + HEX_BYTES[word & 0xff];

/**
 * UUID-shaped (version 4 layout) event ids derived from the seed and the event's sequence
 * number. The first word is a bijection of the sequence number, so ids never collide within
 * one run of up to 2^32 events; the rest only has to look random.
 */
export class EventIdSource {
  private readonly key: number;

  constructor(seed: number) {
    this.key = hash2(seed, 0x5eed);
  }

  uuid(sequence: number): string {
    const w0 = fmix32((sequence ^ this.key) >>> 0);
    const mixed = hash2(this.key, sequence);
    const w1 = ((mixed & 0xffff0fff) | 0x00004000) >>> 0;
    const w2 = ((fmix32(mixed ^ 0x2545f491) & 0x3fffffff) | 0x80000000) >>> 0;
    const w3 = fmix32(mixed ^ 0x9e3779b9);
    return `${hex8(w0)}-${hex4(w1 >>> 16)}-${hex4(w1)}-${hex4(w2 >>> 16)}-${hex4(w2)}${hex8(w3)}`;
  }
}

/** The id of the `sequence`-th event of a run with this seed. */
export function deterministicUuid(seed: number, sequence: number): string {
  return new EventIdSource(seed).uuid(sequence);
}

/**
 * Unique, random-looking tokens for identifier values. Each `kind` scrambles an index with its
 * own bijection, so two different indexes never give the same token of that kind.
 */
export class TokenSource {
  private readonly seedWord: number;

  constructor(seed: number) {
    this.seedWord = hashWords(seed, 0x70c3);
  }

  /** A 32-bit word unique per (kind, index) for index < 2^32. */
  word(kind: string, index: number): number {
    return fmix32((index ^ hashWords(this.seedWord, hashString(kind))) >>> 0);
  }

  /** `word` as 8 lower-case hex digits. */
  hex(kind: string, index: number): string {
    return hex8(this.word(kind, index));
  }

  /** `word` as 10 decimal digits (2^32 has 10 digits). */
  digits10(kind: string, index: number): string {
    return this.word(kind, index).toString().padStart(10, '0');
  }

  /**
   * A unique number with exactly `width` decimal digits (width ≤ 9) for index < 10^width: an
   * affine permutation of the index, small enough to stay exact in doubles.
   */
  fixedDigits(kind: string, index: number, width: number): string {
    const modulus = 10 ** width;
    if (index >= modulus) throw new RangeError(`index ${index} does not fit in ${width} digits`);
    const mix = hashWords(this.seedWord, hashString(kind), width);
    const multiplier = coprimeTo10(100_003 + (mix % 900_000));
    const offset = fmix32(mix) % modulus;
    return ((multiplier * index + offset) % modulus).toString().padStart(width, '0');
  }

  /** Extra random-looking characters that do not affect uniqueness. */
  noise(kind: string, index: number, length: number, alphabet: string): string {
    let out = '';
    let word = hashWords(this.seedWord, hashString(kind), index, 0xa5a5);
    for (let position = 0; position < length; position++) {
      if (position % 4 === 0) word = hashWords(word, position);
      out += alphabet[(word >>> ((position % 4) * 8)) % alphabet.length];
    }
    return out;
  }
}

// A multiplier coprime to 10^k (odd and not a multiple of 5) makes x ↦ a·x + b a permutation.
function coprimeTo10(candidate: number): number {
  let value = candidate % 2 === 0 ? candidate + 1 : candidate;
  if (value % 5 === 0) value += 2;
  return value;
}
