import fc from 'fast-check';

/** JSON text emitted exactly as written: numbers JSON.stringify cannot produce, broken syntax. */
export class RawJson {
  constructor(readonly text: string) {}
}

/** Bytes emitted as they are, e.g. invalid UTF-8 inside a string literal. */
export class RawBytes {
  constructor(readonly bytes: Buffer) {}
}

/** An object written entry by entry, so keys may repeat and `__proto__` is an ordinary key. */
export class JsonEntries {
  constructor(readonly entries: readonly (readonly [string, unknown])[]) {}
}

/**
 * Encodes a value as JSON bytes. Plain values follow JSON.stringify (lone surrogates become
 * \uD800-style escapes, so the server parses them back into lone surrogates); RawJson,
 * RawBytes and JsonEntries go onto the wire as written.
 */
export function encodeJson(value: unknown): Buffer {
  const chunks: (string | Buffer)[] = [];
  write(value, chunks);
  return Buffer.concat(
    chunks.map((chunk) => (typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk)),
  );
}

function write(value: unknown, out: (string | Buffer)[]): void {
  if (value instanceof RawJson) out.push(value.text);
  else if (value instanceof RawBytes) out.push(value.bytes);
  else if (value instanceof JsonEntries) writeEntries(value.entries, out);
  else if (Array.isArray(value)) {
    out.push('[');
    value.forEach((item, index) => {
      if (index > 0) out.push(',');
      write(item === undefined ? null : item, out);
    });
    out.push(']');
  } else if (typeof value === 'object' && value !== null) {
    writeEntries(
      Object.entries(value).filter(([, item]) => item !== undefined),
      out,
    );
  } else out.push(JSON.stringify(value) ?? 'null');
}

function writeEntries(entries: readonly (readonly [string, unknown])[], out: (string | Buffer)[]) {
  out.push('{');
  entries.forEach(([key, item], index) => {
    if (index > 0) out.push(',');
    out.push(JSON.stringify(key), ':');
    write(item, out);
  });
  out.push('}');
}

/** Keys that reach Object.prototype or shadow its methods when input is used as a map. */
export const PROTOTYPE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__lookupGetter__',
] as const;

/** Byte sequences that are not UTF-8: stray continuation, overlong NUL, encoded surrogate, > U+10FFFF, truncated. */
export const INVALID_UTF8 = [
  [0xff],
  [0xfe, 0xff],
  [0x80],
  [0xc3, 0x28],
  [0xc0, 0x80],
  [0xed, 0xa0, 0x80],
  [0xed, 0xbf, 0xbf],
  [0xf4, 0x90, 0x80, 0x80],
  [0xe2, 0x82],
  [0xf0, 0x9f, 0x98],
].map((bytes) => Buffer.from(bytes));

/** Number tokens at and past the edges of doubles, safe integers and 32/64-bit integers. */
export const EXTREME_NUMBER_TOKENS = [
  '1e308',
  '-1e308',
  '1.7976931348623157e308',
  '1e309',
  '-1e309',
  '5e-324',
  '1e-400',
  '-0',
  '-0.0',
  '0.0',
  '0e0',
  '1E2',
  '0.1',
  '1.5',
  '-1',
  '9007199254740991',
  '9007199254740993',
  '-9007199254740993',
  '2147483648',
  '-2147483649',
  '4294967296',
  '9223372036854775808',
  '123456789012345678901234567890123456789',
  `1${'0'.repeat(400)}`,
  `0.${'0'.repeat(400)}1`,
];

const STRANGE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u0000'.repeat(64),
  '\ud800',
  '\udfff',
  'a\udc00b\ud800',
  '\ud83d',
  '𝕏'.repeat(100),
  '𝕏'.repeat(129),
  '\u202e\u200b\ufeff',
  '\u0001\u001f\u007f\u0085\u2028\u2029',
  '%00',
  '%ff',
  '../../etc/passwd',
  "'; DROP TABLE events; --",
  '${jndi:ldap://x}',
  'null',
  'undefined',
  'NaN',
  'true',
  '0',
  '-1',
  '1e309',
  '[object Object]',
  ...PROTOTYPE_KEYS,
];

const text = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...STRANGE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 64 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('x', '𝕏', '\u0000', 'é', '\ud800'), fc.integer({ min: 120, max: 300 }))
      .map(([unit, count]) => unit.repeat(count)),
  },
);

/** Units for huge strings, with the bytes each takes once JSON-encoded. */
const HUGE_UNITS: readonly (readonly [string, number])[] = [
  ['a', 1],
  ['é', 2],
  ['𝕏', 4],
  ['\u0000', 6],
  ['"', 2],
  ['\\', 2],
];

/** Strings of 10 kB to 1.2 MB once encoded: past every field limit, some past the request limit. */
export const hugeString = fc
  .tuple(
    fc.constantFrom(...HUGE_UNITS),
    fc.oneof(
      fc.integer({ min: 10_000, max: 200_000 }),
      fc.integer({ min: 900_000, max: 1_200_000 }),
    ),
  )
  .map(([[unit, bytes], encodedBytes]) => unit.repeat(Math.ceil(encodedBytes / bytes)));

/** A string literal carrying bytes that are not UTF-8. */
export const invalidUtf8String = fc
  .tuple(fc.constantFrom(...INVALID_UTF8), fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }))
  .map(
    ([bad, before, after]) =>
      new RawBytes(
        Buffer.concat([
          Buffer.from(JSON.stringify(before).slice(0, -1)),
          bad,
          Buffer.from(JSON.stringify(after).slice(1)),
        ]),
      ),
  );

/** Arrays or objects nested `depth` deep, from a few levels to far past any parser's stack. */
export const deepNesting = fc
  .tuple(
    fc.oneof(fc.integer({ min: 2, max: 200 }), fc.integer({ min: 1_000, max: 20_000 })),
    fc.constantFrom('array', 'object', 'mixed'),
  )
  .map(([depth, shape]) => {
    if (shape === 'array') return new RawJson(`${'['.repeat(depth)}1${']'.repeat(depth)}`);
    if (shape === 'object') return new RawJson(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
    return new RawJson(`${'{"a":['.repeat(depth)}1${']}'.repeat(depth)}`);
  });

/** Objects whose keys are prototype members, some repeated. */
export const prototypeKeyObject = fc
  .array(
    fc.tuple(
      fc.constantFrom(...PROTOTYPE_KEYS),
      fc.constantFrom<unknown>(
        {},
        { polluted: true },
        { prototype: { polluted: true } },
        'x',
        1,
        null,
        [],
      ),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((entries) => new JsonEntries(entries));

const extremeNumber = fc.oneof(
  fc.constantFrom(...EXTREME_NUMBER_TOKENS).map((token) => new RawJson(token)),
  fc.double(),
  fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
);

const wrongType = fc.constantFrom<unknown>(
  null,
  true,
  false,
  0,
  1,
  -1,
  '',
  [],
  {},
  [null],
  [{}],
  'a',
);

const largeCollection = fc
  .tuple(fc.integer({ min: 1_000, max: 100_000 }), fc.constantFrom('0', '"x"', '{}', '[]', 'null'))
  .map(([count, item]) => new RawJson(`[${Array(count).fill(item).join(',')}]`));

/**
 * A value that is wrong somewhere: the wrong type, a strange or huge string, invalid UTF-8,
 * an extreme number, deep nesting, prototype keys, a large collection or arbitrary JSON.
 */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: wrongType },
  { weight: 5, arbitrary: text },
  { weight: 1, arbitrary: hugeString },
  { weight: 2, arbitrary: invalidUtf8String },
  { weight: 3, arbitrary: extremeNumber },
  { weight: 2, arbitrary: deepNesting },
  { weight: 2, arbitrary: prototypeKeyObject },
  { weight: 1, arbitrary: largeCollection },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** Keys to add to an object: prototype members, strange strings, or one that is already there. */
export const hostileKey = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS) },
  { weight: 2, arbitrary: text },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 20 }) },
);
