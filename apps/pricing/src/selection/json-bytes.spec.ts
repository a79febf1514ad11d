import fc from 'fast-check';
import { JsonBytes } from './json-bytes';

const written = (write: (json: JsonBytes) => void, json = new JsonBytes()) => {
  json.reset();
  write(json);
  return json.bytes();
};
const stringified = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8');

describe('JSON written as bytes', () => {
  it('writes any string as JSON.stringify does, lone surrogates and controls included', () => {
    const json = new JsonBytes();
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.string({ unit: 'grapheme' }),
          fc.string({ unit: fc.constantFrom('"', '\\', '\n', '\u0001', '\u2028', 'é', '≥', 'a') }),
        ),
        (text) => {
          expect(written((out) => out.string(text), json)).toEqual(stringified(text));
        },
      ),
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
});
