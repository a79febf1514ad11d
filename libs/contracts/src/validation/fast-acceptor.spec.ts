import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import type { EnvelopeAudience } from '../envelope/envelope.schema';
import { compiledEventSchemas, eventKey, type CompiledEventSchemas } from '../events/event-schemas';
import { goldenFixtures } from '../fixtures/golden-fixtures';
import { eventLimitErrors } from '../limits/event-limits';
import { parseDownstreamEvent, validateDownstreamEvent, validateEvent } from './event-validator';
import { UNSURE } from './fast-acceptor';
import { humanErrorMap, toValidationErrors } from './issue-format';

type Reader = 'strict' | 'tolerant';
type Json = Record<string, unknown>;

interface Sample {
  readonly name: string;
  readonly audience: EnvelopeAudience;
  readonly compiled: CompiledEventSchemas;
  readonly event: Json;
}

// Every type and version, in each envelope it travels in: as a channel sends it, and after
// ingest (resolved to a customer, or as the service emits it).
const samples: Sample[] = goldenFixtures().flatMap(({ fileName, type, version, event }) => {
  const key = eventKey(type, version);
  const resolved: Json = {
    ...event,
    customerId: 'cust-7f3a',
    correlationId: event['eventId'],
    causationId: event['eventId'],
  };
  const asService = compiledEventSchemas.event.get(key) === undefined;
  const downstream = compiledEventSchemas.downstream.get(key)!;
  return [
    ...(asService
      ? []
      : [
          {
            name: fileName,
            audience: 'event' as const,
            compiled: compiledEventSchemas.event.get(key)!,
            event,
          },
        ]),
    {
      name: `${fileName} (downstream)`,
      audience: 'downstream' as const,
      compiled: downstream,
      event: asService ? event : resolved,
    },
  ];
});

const readers: readonly Reader[] = ['strict', 'tolerant'];

/** Zod's verdict and data, and what the acceptor made of the same input. */
function bothOf(sample: Sample, reader: Reader, input: unknown) {
  const before = structuredClone(input);
  const accepted = sample.compiled.accept[reader](input);
  const zod = sample.compiled[reader].safeParse(input, { error: humanErrorMap });
  // Neither may change what it was given: a consumer keeps the message it decoded.
  expect(input).toStrictEqual(before);
  return { accepted, zod };
}

function expectSameAsZod(sample: Sample, reader: Reader, input: unknown): void {
  const { accepted, zod } = bothOf(sample, reader, input);
  if (accepted === UNSURE) return;
  expect(zod.success).toBe(true);
  // The same data, key order included: consumers write it on as JSON.
  expect(isDeepStrictEqual(accepted, zod.data)).toBe(true);
  expect(JSON.stringify(accepted)).toBe(JSON.stringify(zod.data));
}

// --- mutations of a valid event: every location in it, and what may be put there ---

type Location = readonly (string | number)[];

function locationsOf(value: unknown, at: Location = []): Location[] {
  if (typeof value !== 'object' || value === null) return [at];
  const children = Array.isArray(value)
    ? value.map((item, index) => locationsOf(item, [...at, index]))
    : Object.entries(value).map(([key, item]) => locationsOf(item, [...at, key]));
  return [at, ...children.flat()];
}

const emoji = '\u{1F600}';

const strangeValues: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(
    undefined,
    null,
    '',
    ' ',
    NaN,
    Infinity,
    -1,
    0,
    1.5,
    2 ** 53,
    true,
    [],
    {},
    'not-a-date',
    '2025-13-01T00:00:00Z',
    '2025-02-29T10:00:00+08:00',
    '2024-02-29T10:00:00+08:00',
    '2025-06-18T20:14:03',
    '2025-06-18',
    '2025-06-18T20:14:03.123456789Z',
    'https://shop.example.cn/p/123',
    'not a url',
    '10.0.0.1',
    '::1',
    'zh-CN',
    'CNY',
    'XXX',
    'mobile',
    'wechat-miniprogram',
    'regular',
    'diamond',
    'a\u0000b',
    'lone \uD800 surrogate',
  ),
  // Around the length limits (64, 128, 200, 500, 1024, 2048, 4096, 5000), in UTF-16 units and
  // in code points: an emoji is one code point and two units.
  fc
    .tuple(
      fc.constantFrom(0, 1, 63, 64, 65, 127, 128, 129, 200, 201, 500, 501, 1025, 2049, 5001),
      fc.boolean(),
    )
    .map(([length, wide]) => (wide ? emoji.repeat(length) : 'x'.repeat(length))),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
);

type Mutation =
  | { readonly kind: 'set'; readonly pick: number; readonly value: unknown }
  | { readonly kind: 'delete'; readonly pick: number }
  | { readonly kind: 'add'; readonly pick: number; readonly key: string; readonly value: unknown };

const knownKeys = [
  'eventId',
  'type',
  'version',
  'occurredAt',
  'customerId',
  'identifiers',
  'context',
  'payload',
  'amount',
  'currency',
  'url',
  'path',
  'appId',
  '__proto__',
  'toString',
];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), pick: fc.nat(), value: strangeValues }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant('add' as const),
    pick: fc.nat(),
    key: fc.oneof(fc.constantFrom(...knownKeys), fc.string({ maxLength: 12 })),
    value: strangeValues,
  }),
);

function applied(event: Json, mutations: readonly Mutation[]): Json {
  const copy = structuredClone(event);
  for (const change of mutations) {
    const locations = locationsOf(copy);
    const at = locations[change.pick % locations.length];
    if (change.kind === 'add') {
      const target = at.reduce<unknown>((node, key) => (node as Json)[key], copy);
      if (typeof target === 'object' && target !== null && !Array.isArray(target)) {
        Object.defineProperty(target, change.key, {
          value: change.value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      continue;
    }
    if (at.length === 0) continue;
    const parent = at
      .slice(0, -1)
      .reduce<unknown>((node, key) => (node as Json)[key], copy) as Json;
    const key = at[at.length - 1];
    if (change.kind === 'set') parent[key] = change.value;
    else if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  }
  return copy;
}

describe('the fast acceptor', () => {
  it.each(samples.map((sample) => [sample.name, sample] as const))(
    'accepts the valid %s itself, with the data zod returns',
    (_name, sample) => {
      for (const reader of readers) {
        const { accepted, zod } = bothOf(sample, reader, structuredClone(sample.event));
        expect(zod.success).toBe(true);
        expect(accepted).not.toBe(UNSURE);
        expect(JSON.stringify(accepted)).toBe(JSON.stringify(zod.data));
      }
    },
  );

  it('accepts only what zod accepts, with the same data, whatever is changed in a valid event', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...samples),
        fc.constantFrom(...readers),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        (sample, reader, mutations) => {
          expectSameAsZod(sample, reader, applied(sample.event, mutations));
        },
      ),
      { numRuns: 1500 },
    );
  });

  it("leaves to zod a key it does not know, and keeps zod's defaults and transforms", () => {
    const pageViewed = samples.find(
      (sample) => sample.name === 'page.viewed.v1.json (downstream)',
    )!;
    const withUnknownKey = { ...structuredClone(pageViewed.event), addedByANewerProducer: 1 };
    expect(pageViewed.compiled.accept.tolerant(withUnknownKey)).toBe(UNSURE);
    expect(pageViewed.compiled.tolerant.safeParse(withUnknownKey).success).toBe(true);

    const { path: _path, ...payload } = pageViewed.event['payload'] as Json;
    const withUrlOnly = {
      ...structuredClone(pageViewed.event),
      payload: { ...payload, url: 'https://shop.example.cn/p/123?from=feed' },
    };
    const parsed = pageViewed.compiled.accept.tolerant(withUrlOnly) as { payload: Json };
    expect(parsed.payload['path']).toBe('/p/123');

    const serviceEvent = samples.find(
      (sample) =>
        sample.compiled.definition.kind === 'service' && sample.event['identifiers'] === undefined,
    )!;
    const accepted = serviceEvent.compiled.accept.tolerant(structuredClone(serviceEvent.event));
    expect(accepted).toMatchObject({ identifiers: {} });
  });
});

describe('event validation with the fast acceptor', () => {
  // What validation answered before the acceptor: the limits, then zod, every message kept.
  function zodOnly(sample: Sample, reader: Reader, input: Json) {
    const limits = eventLimitErrors(input);
    const result = sample.compiled[reader].safeParse(input, { error: humanErrorMap });
    if (result.success && limits.length === 0) return { ok: true, event: result.data };
    return {
      ok: false,
      errors: [...limits, ...(result.success ? [] : toValidationErrors(result.error.issues))],
    };
  }

  it('gives the verdict and the error messages zod alone gives, for any change to a valid event', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...samples),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        (sample, mutations) => {
          const input = applied(sample.event, mutations);
          // The type and version pick the schema; changing them is the unknown-type path.
          fc.pre(
            input['type'] === sample.event['type'] && input['version'] === sample.event['version'],
          );
          const validate = sample.audience === 'event' ? validateEvent : validateDownstreamEvent;
          expect(validate(structuredClone(input))).toStrictEqual(zodOnly(sample, 'strict', input));
          if (sample.audience === 'downstream') {
            const expected = zodOnly(sample, 'tolerant', input);
            const read = () => parseDownstreamEvent(structuredClone(input));
            if (expected.ok) expect(read()).toStrictEqual(expected.event);
            else expect(read).toThrow(expect.objectContaining({ errors: expected.errors }));
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
