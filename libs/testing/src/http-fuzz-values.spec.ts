import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import {
  deepNesting,
  encodeJson,
  hostileValue,
  invalidUtf8String,
  JsonEntries,
  RawBytes,
  RawJson,
} from './http-fuzz-values';

describe('encodeJson', () => {
  it('writes plain JSON exactly as JSON.stringify does', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(encodeJson(value).toString('utf8')).toBe(JSON.stringify(value));
      }),
    );
  });

  it('writes repeated keys and __proto__ as ordinary keys, in order', () => {
    const value = new JsonEntries([
      ['a', 1],
      ['__proto__', { polluted: true }],
      ['a', 2],
    ]);
    expect(encodeJson(value).toString()).toBe('{"a":1,"__proto__":{"polluted":true},"a":2}');
  });

  it('writes raw number tokens verbatim wherever they sit', () => {
    const value = { zero: new RawJson('-0'), list: [new RawJson('1e309'), new RawJson('5e-324')] };
    expect(encodeJson(value).toString()).toBe('{"zero":-0,"list":[1e309,5e-324]}');
  });

  it('keeps bytes that are not UTF-8 as they are', () => {
    const encoded = encodeJson([new RawBytes(Buffer.from([0x22, 0xff, 0x22]))]);
    expect([...encoded]).toEqual([0x5b, 0x22, 0xff, 0x22, 0x5d]);
  });

  it('escapes lone surrogates so the server parses them back into lone surrogates', () => {
    expect(JSON.parse(encodeJson({ value: 'a\ud800' }).toString('utf8'))).toEqual({
      value: 'a\ud800',
    });
  });
});

describe('hostile values', () => {
  it('always encode to bytes', () => {
    fc.assert(
      fc.property(hostileValue, (value) => {
        expect(encodeJson(value).length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('include string literals whose bytes are not UTF-8', () => {
    fc.assert(
      fc.property(invalidUtf8String, (value) => {
        expect(isUtf8(encodeJson(value))).toBe(false);
      }),
    );
  });

  it('nest far past a recursive parser’s stack as well as a few levels deep', () => {
    const depths = fc
      .sample(deepNesting, { numRuns: 300, seed: 1 })
      .map((value) => (value.text.match(/[[{]/g) ?? []).length);
    expect(Math.min(...depths)).toBeLessThan(200);
    expect(Math.max(...depths)).toBeGreaterThan(5_000);
  });
});
