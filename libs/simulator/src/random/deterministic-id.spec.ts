import fc from 'fast-check';
import { EventIdSource, TokenSource, deterministicUuid } from './deterministic-id';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('deterministic event ids', () => {
  it('are UUID-shaped (version 4 layout) and the same for the same seed and sequence', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), (seed, sequence) => {
        const id = deterministicUuid(seed, sequence);
        expect(id).toMatch(UUID_V4);
        expect(deterministicUuid(seed, sequence)).toBe(id);
      }),
    );
  });

  it('never repeat within a run: 200,000 sequence numbers give 200,000 ids', () => {
    const source = new EventIdSource(123);
    const ids = new Set<string>();
    for (let sequence = 0; sequence < 200_000; sequence++) ids.add(source.uuid(sequence));
    expect(ids.size).toBe(200_000);
  });

  it('differ between seeds', () => {
    expect(deterministicUuid(1, 0)).not.toBe(deterministicUuid(2, 0));
  });
});

describe('TokenSource', () => {
  it('fixedDigits is a permutation: 1,000 indexes give 1,000 distinct 3-digit tokens', () => {
    const tokens = new TokenSource(5);
    const values = new Set(
      Array.from({ length: 1000 }, (_, index) => tokens.fixedDigits('k', index, 3)),
    );
    expect(values.size).toBe(1000);
    expect([...values].every((value) => /^[0-9]{3}$/.test(value))).toBe(true);
  });

  it('word is unique per index within a kind', () => {
    const tokens = new TokenSource(5);
    const values = new Set(
      Array.from({ length: 50_000 }, (_, index) => tokens.word('device', index)),
    );
    expect(values.size).toBe(50_000);
  });

  it('refuses an index that does not fit the width, rather than repeating a value', () => {
    expect(() => new TokenSource(1).fixedDigits('k', 1000, 3)).toThrow(RangeError);
  });
});
