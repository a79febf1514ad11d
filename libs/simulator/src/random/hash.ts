/**
 * Integer hashing for deterministic streams and ids. Everything works on unsigned 32-bit
 * words with Math.imul, so results are identical on every platform.
 */

/** MurmurHash3's finaliser: a bijection on 32-bit words with good avalanche. */
export function fmix32(word: number): number {
  let h = word >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Combines 32-bit words into one well-mixed word (order matters). */
export function hashWords(...words: readonly number[]): number {
  let h = 0x9e3779b9;
  for (const word of words) {
    h = fmix32((h ^ fmix32(word >>> 0)) + 0x7f4a7c15);
  }
  return h;
}

/** hashWords for exactly two words, without the rest-parameter array (hot paths). */
export function hash2(a: number, b: number): number {
  const h = fmix32((0x9e3779b9 ^ fmix32(a >>> 0)) + 0x7f4a7c15);
  return fmix32((h ^ fmix32(b >>> 0)) + 0x7f4a7c15);
}

/** FNV-1a over UTF-16 code units: turns a stream label into a word. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    h ^= text.charCodeAt(index);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
