import { goldenFixture } from '../fixtures/golden-fixtures';
import { parseEvent, validateDownstreamEvent, validateEvent } from '../validation/event-validator';
import {
  encodeEvent,
  eventLimitErrors,
  MAX_EVENT_BYTES,
  MAX_EVENT_DEPTH,
  MAX_EVENT_ID_LENGTH,
  withinEventDepth,
} from './event-limits';

/** `{ a: { a: … leaf … } }`, `levels` objects deep. */
function nested(levels: number, leaf: unknown = 1): unknown {
  let value = leaf;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

const custom = (properties: unknown) => ({
  ...goldenFixture('custom', 1),
  payload: { name: 'Limits', properties },
});

const errorsOf = (result: { ok: true } | { ok: false; errors: unknown[] }) =>
  result.ok ? [] : result.errors;

describe('event nesting depth', () => {
  // envelope (1) → payload (2) → properties (3, the first of the nested objects) → …
  const atDepth = (depth: number) => custom(nested(depth - 2));

  it(`accepts an event nested exactly ${MAX_EVENT_DEPTH} levels deep`, () => {
    expect(errorsOf(validateEvent(atDepth(MAX_EVENT_DEPTH)))).toEqual([]);
  });

  it('rejects one level more, naming where the limit was crossed', () => {
    const errors = errorsOf(validateEvent(atDepth(MAX_EVENT_DEPTH + 1)));
    expect(errors).toEqual([
      {
        path: `payload.properties${'.a'.repeat(MAX_EVENT_DEPTH - 2)}`,
        message: `nests objects and arrays deeper than ${MAX_EVENT_DEPTH} levels (the envelope is level 1); flatten it`,
      },
    ]);
  });

  it('reports an event nested 100,000 deep as an error instead of overflowing the stack', () => {
    const deep = custom(nested(100_000));
    expect(errorsOf(validateEvent(deep))).toHaveLength(1);
    expect(() => parseEvent(deep)).toThrow('deeper than 32 levels');
  });

  it('counts arrays as levels too', () => {
    let value: unknown = 1;
    for (let i = 0; i < MAX_EVENT_DEPTH; i++) value = [value];
    expect(eventLimitErrors({ value })).toEqual([
      {
        path: `value${'[0]'.repeat(MAX_EVENT_DEPTH - 1)}`,
        message: expect.stringContaining('deeper'),
      },
    ]);
  });
});

describe('event text', () => {
  it('rejects a NUL anywhere: in a field, an identifier, a payload value or a key', () => {
    const event = {
      ...goldenFixture('custom', 1),
      eventId: 'a\u0000b',
      identifiers: { wechatOpenId: 'o-1', appId: 'wx\u00001' },
      payload: { name: 'NUL', properties: { note: ['ok', 'x\u0000'], 'k\u0000ey': 1 } },
    };
    expect(errorsOf(validateEvent(event))).toEqual([
      { path: 'eventId', message: 'contains a NUL character (U+0000), which is not allowed' },
      { path: 'identifiers.appId', message: expect.stringContaining('NUL') },
      { path: 'payload.properties.note[1]', message: expect.stringContaining('NUL') },
      {
        path: 'payload.properties',
        message: 'a key contains a NUL character (U+0000), which is not allowed',
      },
    ]);
  });

  it('rejects lone surrogates, high or low, and accepts surrogate pairs', () => {
    const withAnonymousId = (anonymousId: string) =>
      errorsOf(validateEvent({ ...goldenFixture('page.viewed', 1), identifiers: { anonymousId } }));
    for (const lone of ['a\ud800', '\udc00b', 'x\udc00\ud800y'])
      expect(withAnonymousId(lone)).toEqual([
        {
          path: 'identifiers.anonymousId',
          message: 'contains a lone UTF-16 surrogate, which is not Unicode text',
        },
      ]);
    expect(withAnonymousId('𝕏-😀-\u{10FFFF}')).toEqual([]);
  });

  it('applies the same rules to downstream events', () => {
    const event = {
      ...goldenFixture('order.paid', 1),
      customerId: 'cus_1',
      correlationId: 'c',
      causationId: 'c',
      payload: { ...(goldenFixture('order.paid', 1).payload as object), orderId: 'o\u0000' },
    };
    expect(errorsOf(validateDownstreamEvent(event))).toContainEqual({
      path: 'payload.orderId',
      message: expect.stringContaining('NUL'),
    });
  });
});

describe('eventId length', () => {
  const withEventId = (eventId: string) =>
    errorsOf(validateEvent({ ...goldenFixture('page.viewed', 1), eventId }));

  it(`accepts ${MAX_EVENT_ID_LENGTH} UTF-16 code units, also as ${MAX_EVENT_ID_LENGTH / 2} characters outside the BMP`, () => {
    expect(withEventId('e'.repeat(MAX_EVENT_ID_LENGTH))).toEqual([]);
    expect(withEventId('𝕏'.repeat(MAX_EVENT_ID_LENGTH / 2))).toEqual([]);
  });

  it('rejects 100 "𝕏", which is 100 code points but 200 UTF-16 code units', () => {
    expect(withEventId('𝕏'.repeat(100))).toEqual([
      {
        path: 'eventId',
        message: `expected at most ${MAX_EVENT_ID_LENGTH} UTF-16 code units (a character outside the Basic Multilingual Plane, such as an emoji, counts two), got 200`,
      },
    ]);
  });

  it('reports an id too long in every measure once', () => {
    expect(withEventId('e'.repeat(MAX_EVENT_ID_LENGTH + 1))).toHaveLength(1);
  });
});

describe('encodeEvent', () => {
  const sized = (bytes: number, unit = 'x') => {
    const empty = JSON.stringify(custom({ blob: '' }));
    const units = (bytes - Buffer.byteLength(empty)) / Buffer.byteLength(unit);
    return custom({ blob: unit.repeat(units) });
  };

  it('gives the JSON of an event of exactly the byte limit', () => {
    const event = sized(MAX_EVENT_BYTES);
    const encoded = encodeEvent(event);
    expect(encoded.ok && Buffer.byteLength(encoded.json)).toBe(MAX_EVENT_BYTES);
  });

  it('refuses one byte more, counting UTF-8 bytes, not characters', () => {
    expect(encodeEvent(sized(MAX_EVENT_BYTES + 1))).toEqual({
      ok: false,
      errors: [
        {
          path: '(root)',
          message: `is ${MAX_EVENT_BYTES + 1} bytes as JSON; an event may have at most ${MAX_EVENT_BYTES} bytes (UTF-8)`,
        },
      ],
    });
    // 3 bytes per character: about a third of the limit in characters is already too much.
    const chinese = sized(MAX_EVENT_BYTES + 3, '中');
    expect(JSON.stringify(chinese).length).toBeLessThan(MAX_EVENT_BYTES / 2);
    expect(encodeEvent(chinese).ok).toBe(false);
  });
});

describe('withinEventDepth', () => {
  it('keeps input as it is up to the depth limit and replaces what lies deeper', () => {
    const input = { shallow: [1, 'two', null], deep: nested(MAX_EVENT_DEPTH + 5) };
    const kept = withinEventDepth(input) as { shallow: unknown; deep: unknown };
    expect(kept.shallow).toEqual([1, 'two', null]);
    expect(eventLimitErrors(kept as object)).toEqual([]);
    expect(JSON.stringify(kept)).toContain(
      `nested deeper than ${MAX_EVENT_DEPTH} levels, not kept`,
    );
  });

  it('keeps a key named __proto__ as an ordinary key', () => {
    const input = JSON.parse('{"__proto__":{"polluted":true},"a":1}') as object;
    const kept = withinEventDepth(input) as Record<string, unknown>;
    expect(Object.keys(kept)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(kept)).toBe(Object.prototype);
  });
});
