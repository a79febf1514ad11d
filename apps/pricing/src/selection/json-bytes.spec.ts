import fc from 'fast-check';
import { BufferPool, jsonTextBytes, JsonBytes } from './json-bytes';

const written = (write: (json: JsonBytes) => void, json = new JsonBytes()) => {
  json.reset();
  write(json);
  return json.bytes();
};
const stringified = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8');

/**
 * Any string (UTF-16 units at random), one of `more`, or one made of `specials`: the characters
 * JSON escapes or writes in several bytes.
 */
const anyText = (specials: string[], ...more: fc.Arbitrary<string>[]) =>
  fc.oneof(
    fc.string({ unit: 'binary' }),
    ...more,
    fc.string({ unit: fc.constantFrom(...specials) }),
  );

describe('JSON written as bytes', () => {
  it('writes any string as JSON.stringify does, lone surrogates and controls included', () => {
    const json = new JsonBytes();
    fc.assert(
      fc.property(
        anyText(
          ['"', '\\', '\n', '\u0001', '\u2028', 'é', '≥', 'a'],
          fc.string({ unit: 'grapheme' }),
        ),
        (text) => {
          expect(written((out) => out.string(text), json)).toEqual(stringified(text));
        },
      ),
      { numRuns: 3_000 },
    );
  });

  it('makes the bytes text() writes for any string, to be copied later', () => {
    const json = new JsonBytes();
    fc.assert(
      fc.property(anyText(['"', '\\', '\n', '\u0001', '\ud800', 'é', '≥', 'a']), (text) => {
        expect(Buffer.from(jsonTextBytes(text))).toEqual(written((out) => out.text(text), json));
      }),
      { numRuns: 3_000 },
    );
  });

  it('copies a range of bytes written before, growing its buffer as it must', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.nat(),
        fc.nat(),
        fc.constantFrom(0, 1, 1_000, 65_500, 65_536),
        (source, a, b, before) => {
          const start = a % (source.length + 1);
          const end = start + (b % (source.length - start + 1));
          const json = new JsonBytes();
          json.raw('x'.repeat(before));
          json.copyOf(Buffer.from(source), start, end);
          expect(json.size).toBe(before + end - start);
          const expected = Buffer.concat([
            Buffer.from('x'.repeat(before)),
            source.subarray(start, end),
          ]);
          // Buffer.equals: jest's toEqual compares 64 KB byte by byte, slowly.
          expect(json.bytes().equals(expected)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('writes a string in pieces as JSON.stringify writes the pieces joined', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary-ascii' }), { maxLength: 5 }), (pieces) => {
        const bytes = written((out) => {
          out.quote();
          for (const piece of pieces) out.text(piece);
          out.quote();
        });
        expect(bytes).toEqual(stringified(pieces.join('')));
      }),
    );
  });

  it('writes numbers as JSON.stringify does, and their String() text inside strings', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer(),
          fc.maxSafeInteger(),
          fc.double(),
          fc.constantFrom(0, -0, 2 ** 53, -(2 ** 53), 1e21, 0.1, NaN, Infinity, -Infinity),
        ),
        (value) => {
          expect(written((out) => out.number(value))).toEqual(stringified(value));
          if (Number.isFinite(value))
            expect(written((out) => out.digits(value)).toString()).toBe(String(value));
        },
      ),
      { numRuns: 3_000 },
    );
  });

  it('writes an instant as toISOString does, six-digit years included', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }),
        (date) => {
          expect(written((out) => out.instantText(date.getTime())).toString()).toBe(
            date.toISOString(),
          );
        },
      ),
      { numRuns: 3_000 },
    );
  });

  it('grows past its first buffer and hands out copies the next document does not change', () => {
    const json = new JsonBytes();
    const long = 'x'.repeat(100_000);
    const first = written((out) => out.string(long), json);
    const second = written((out) => out.string('short'), json);
    expect(first).toEqual(stringified(long));
    expect(second).toEqual(stringified('short'));
  });

  it('detaches each document without a copy, and the next one writes into another buffer', () => {
    const pool = new BufferPool();
    const json = new JsonBytes(pool);
    json.reset();
    json.string('first');
    const first = json.detach();
    json.reset();
    json.string('second');
    const second = json.detach();
    expect(first.toString()).toBe('"first"');
    expect(second.toString()).toBe('"second"');
    expect(second.buffer).not.toBe(first.buffer);
    // Given back, a buffer is the next document's: it then holds that document.
    pool.give(first);
    json.reset();
    json.string('third');
    const third = json.detach();
    expect(third.buffer).toBe(first.buffer);
    expect(first.toString()).toBe('"third"');
    expect(second.toString()).toBe('"second"');
  });

  it('grows a pooled document past its first buffer, giving the outgrown one back', () => {
    const pool = new BufferPool();
    const json = new JsonBytes(pool);
    json.reset();
    const long = 'y'.repeat(200_000);
    json.string(long);
    const answer = json.detach();
    expect(answer.toString()).toBe(JSON.stringify(long));
    expect(pool.size).toBe(1);
    expect(answer.buffer.byteLength).toBeGreaterThanOrEqual(200_002);
  });

  it('refuses to detach without a pool', () => {
    const json = new JsonBytes();
    json.reset();
    expect(() => json.detach()).toThrow('detach needs a JsonBytes made with a pool');
  });
});

describe('the buffer pool', () => {
  it('hands out a buffer of at least the size asked, and one it was given back before', () => {
    const pool = new BufferPool();
    const small = pool.take(10);
    expect(small.length).toBeGreaterThanOrEqual(10);
    const large = pool.take(100_000);
    expect(large.length).toBeGreaterThanOrEqual(100_000);
    pool.give(small.subarray(3, 7));
    pool.give(large);
    expect(pool.size).toBe(2);
    // The first free buffer large enough, whichever it is.
    expect(pool.take(70_000).buffer).toBe(large.buffer);
    expect(pool.take(10).buffer).toBe(small.buffer);
    expect(pool.size).toBe(0);
  });

  it('takes back only its own buffers, each once', () => {
    const pool = new BufferPool();
    const own = pool.take(10);
    pool.give(Buffer.alloc(10));
    pool.give(new Uint8Array(100_000));
    expect(pool.size).toBe(0);
    pool.give(own);
    pool.give(own);
    expect(pool.size).toBe(1);
    expect(pool.take(10).buffer).toBe(own.buffer);
    expect(pool.take(10).buffer).not.toBe(own.buffer);
  });

  it('keeps at most `keep` free buffers and none larger than `largest`', () => {
    const pool = new BufferPool(2, 100_000);
    const taken = [pool.take(10), pool.take(10), pool.take(10), pool.take(200_000)];
    for (const buffer of taken) pool.give(buffer);
    expect(pool.size).toBe(2);
    const again = [pool.take(10), pool.take(10)];
    expect(again.map((buffer) => buffer.buffer)).toEqual(
      expect.arrayContaining([taken[0].buffer, taken[1].buffer]),
    );
    expect(pool.take(150_000).buffer).not.toBe(taken[3].buffer);
  });
});
