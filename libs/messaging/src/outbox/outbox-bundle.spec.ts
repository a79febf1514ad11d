import fc from 'fast-check';
import {
  bucketOf,
  decodeBundle,
  encodeBundle,
  MalformedBundleError,
  OUTBOX_BUCKETS,
  type BundledMessage,
} from './outbox-bundle';

const message: fc.Arbitrary<BundledMessage> = fc.record({
  topic: fc.string({ minLength: 1, maxLength: 60 }),
  key: fc.string({ maxLength: 80 }),
  value: fc.uint8Array({ maxLength: 2_000 }).map((bytes) => Buffer.from(bytes)),
  headers: fc.dictionary(fc.string({ maxLength: 20 }), fc.string({ maxLength: 60 }), {
    maxKeys: 4,
  }),
});

describe('outbox bundles', () => {
  it('decode gives back every message, in order, byte for byte', () => {
    fc.assert(
      fc.property(fc.array(message, { maxLength: 40 }), (messages) => {
        const decoded = decodeBundle(encodeBundle(messages));
        expect(decoded.map((m) => ({ ...m, value: Buffer.from(m.value) }))).toEqual(messages);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps multi-byte text intact', () => {
    const messages = [
      {
        topic: 'identity.resolved-events.v1',
        key: '顾客-😀',
        value: Buffer.from('{"名":"李"}'),
        headers: { 'x-omni-事件': 'ä' },
      },
    ];
    expect(decodeBundle(encodeBundle(messages))).toEqual([
      { ...messages[0], value: expect.any(Buffer) },
    ]);
    expect(decodeBundle(encodeBundle(messages))[0].value.toString()).toBe('{"名":"李"}');
  });

  it('rejects a truncated bundle and one with trailing bytes instead of guessing', () => {
    const bundle = encodeBundle([
      { topic: 't', key: 'k', value: Buffer.from('value'), headers: {} },
    ]);
    for (let cut = 0; cut < bundle.length; cut++)
      expect(() => decodeBundle(bundle.subarray(0, cut))).toThrow(MalformedBundleError);
    expect(() => decodeBundle(Buffer.concat([bundle, Buffer.from([0])]))).toThrow(
      'outbox bundle has 1 trailing byte(s)',
    );
  });

  it('refuses a topic name longer than the format can hold', () => {
    expect(() =>
      encodeBundle([{ topic: 'x'.repeat(70_000), key: 'k', value: Buffer.alloc(0), headers: {} }]),
    ).toThrow(RangeError);
  });

  it('puts a key in the same bucket every time, and spreads keys over every bucket', () => {
    fc.assert(
      fc.property(fc.string(), (key) => {
        expect(bucketOf(key)).toBe(bucketOf(key));
        expect(bucketOf(key)).toMatch(/^bundle:(\d|1[0-5])$/);
      }),
    );
    const used = new Set(Array.from({ length: 2_000 }, (_, i) => bucketOf(`cus_${i}`)));
    expect(used.size).toBe(OUTBOX_BUCKETS);
  });
});
