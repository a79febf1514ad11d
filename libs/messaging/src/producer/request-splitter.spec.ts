import fc from 'fast-check';
import type { EncodedMessage } from './message-encoding';
import { planRecord } from './record-encoder';
import {
  fitsInRecordBatch,
  MessageTooLargeError,
  recordSizeBound,
  RECORD_BATCH_OVERHEAD_BYTES,
  splitIntoRequests,
  type TopicMessages,
} from './request-splitter';

const bytes = (maxLength: number) =>
  fc.uint8Array({ maxLength }).map((array) => Buffer.from(array));
const text = (maxLength: number) => fc.string({ unit: 'grapheme', maxLength });
const headerValue = fc.oneof(bytes(200), text(200));

const message: fc.Arbitrary<EncodedMessage> = fc.record({
  key: fc.oneof(text(80), bytes(80), fc.constant(null)),
  value: fc.oneof(bytes(3_000), text(1_000), fc.constant(null)),
  headers: fc.dictionary(
    text(30),
    fc.oneof(headerValue, fc.array(headerValue, { minLength: 1, maxLength: 3 })),
    { maxKeys: 4 },
  ),
});

const topicBatches = fc.array(
  fc.record({
    topic: fc.constantFrom('a', 'b', 'c'),
    messages: fc.array(message, { maxLength: 30 }),
  }),
  { maxLength: 4 },
);

/** A record batch of these messages as kafkajs writes it, all in one partition (the worst case). */
function recordBatchBytes(messages: EncodedMessage[]): number {
  let size = RECORD_BATCH_OVERHEAD_BYTES;
  messages.forEach((m, offsetDelta) => (size += planRecord({ ...m, offsetDelta }).size));
  return size;
}

describe('splitting produce requests to fit Kafka', () => {
  it('never underestimates what a record takes on the wire', () => {
    fc.assert(
      fc.property(message, fc.nat(2 ** 31 - 1), fc.integer(), (m, offsetDelta, timestampDelta) => {
        const delta = timestampDelta % 2 ** 51;
        expect(recordSizeBound(m)).toBeGreaterThanOrEqual(
          planRecord({ ...m, offsetDelta, timestampDelta: delta }).size,
        );
      }),
      { numRuns: 500 },
    );
  });

  it('keeps every message, in order per topic, with every request within the limit', () => {
    fc.assert(
      fc.property(topicBatches, fc.integer({ min: 4_000, max: 40_000 }), (batches, maxBytes) => {
        const all = batches.flatMap((batch) => batch.messages);
        if (!all.every((m) => fitsInRecordBatch(m, maxBytes))) {
          expect(() => splitIntoRequests(batches, maxBytes)).toThrow(MessageTooLargeError);
          return;
        }
        const requests = splitIntoRequests(batches, maxBytes);
        for (const request of requests) {
          expect(recordBatchBytes(request.flatMap((batch) => batch.messages))).toBeLessThanOrEqual(
            maxBytes,
          );
          expect(request.every((batch) => batch.messages.length > 0)).toBe(true);
        }
        for (const topic of ['a', 'b', 'c'])
          expect(sentTo(requests.flat(), topic)).toEqual(sentTo(batches, topic));
      }),
      { numRuns: 300 },
    );
  });

  it('sends what fits as one request', () => {
    const batches = [
      { topic: 'a', messages: [{ key: 'k', value: 'v1' }] },
      { topic: 'b', messages: [{ key: 'k', value: 'v2' }] },
    ];
    expect(splitIntoRequests(batches, 65_536)).toEqual([batches]);
    expect(splitIntoRequests([{ topic: 'a', messages: [] }], 65_536)).toEqual([]);
  });

  it('refuses a message that could not fit even alone, before anything is sent', () => {
    const huge = { key: 'k', value: Buffer.alloc(70_000) };
    expect(fitsInRecordBatch(huge, 65_536)).toBe(false);
    expect(fitsInRecordBatch(huge, 100_000)).toBe(true);
    expect(() =>
      splitIntoRequests([{ topic: 'a', messages: [{ key: 'k', value: 'small' }, huge] }], 65_536),
    ).toThrow(MessageTooLargeError);
    expect(() => splitIntoRequests([{ topic: 'a', messages: [huge] }], 65_536)).toThrow(
      /a message for a takes about 70\d{3} bytes, more than the 65536/,
    );
  });
});

function sentTo(batches: TopicMessages[], topic: string): EncodedMessage[] {
  return batches.filter((batch) => batch.topic === topic).flatMap((batch) => batch.messages);
}
