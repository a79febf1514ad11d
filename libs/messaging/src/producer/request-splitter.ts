import type { EncodedHeaders, EncodedMessage } from './message-encoding';

/** What a record batch (message format v2) adds around its records. */
export const RECORD_BATCH_OVERHEAD_BYTES = 61;

// Per record: length, attributes, timestamp delta, offset delta, key and value lengths and the
// header count, each a varint of at most 5 bytes except the timestamp delta (10).
const RECORD_OVERHEAD_BYTES = 5 + 1 + 10 + 5 + 5 + 5 + 5;
// Per header: the name's and the value's length varints.
const HEADER_OVERHEAD_BYTES = 10;

const byteLength = (value: string | Buffer | null): number =>
  value === null ? 0 : typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : value.length;

function headerBytes(headers: EncodedHeaders | undefined): number {
  let bytes = 0;
  for (const name in headers) {
    const raw = headers[name];
    const perValue = HEADER_OVERHEAD_BYTES + Buffer.byteLength(name, 'utf8');
    if (!Array.isArray(raw)) bytes += perValue + byteLength(raw);
    else for (const value of raw) bytes += perValue + byteLength(value);
  }
  return bytes;
}

/** At least the bytes the message takes as a record on the wire (a bound, never an underestimate). */
export function recordSizeBound(message: EncodedMessage): number {
  return (
    RECORD_OVERHEAD_BYTES +
    byteLength(message.key) +
    byteLength(message.value) +
    headerBytes(message.headers)
  );
}

/** True when the message fits in a record batch of at most `maxBytes`, alone if need be. */
export const fitsInRecordBatch = (message: EncodedMessage, maxBytes: number): boolean =>
  RECORD_BATCH_OVERHEAD_BYTES + recordSizeBound(message) <= maxBytes;

/** A message Kafka would refuse whatever it is sent with: larger than the broker's limit. */
export class MessageTooLargeError extends Error {
  constructor(
    readonly topic: string,
    readonly bytes: number,
    readonly maxBytes: number,
  ) {
    super(
      `a message for ${topic} takes about ${bytes} bytes, more than the ${maxBytes} a record batch may (KAFKA_MAX_MESSAGE_BYTES)`,
    );
    this.name = 'MessageTooLargeError';
  }
}

export type TopicMessages = { topic: string; messages: EncodedMessage[] };

/**
 * Cuts topic batches into consecutive requests whose records add up to at most `maxBytes`
 * with a record batch's overhead. Kafka limits each partition's record batch, and none can be
 * larger than all of a request's records, so every batch of every request fits. Messages keep
 * their order: sent one request after another, every key (so every partition) stays in order.
 * Throws MessageTooLargeError for a message that cannot fit even alone, before any is sent.
 */
export function splitIntoRequests(batches: TopicMessages[], maxBytes: number): TopicMessages[][] {
  const budget = maxBytes - RECORD_BATCH_OVERHEAD_BYTES;
  const requests: TopicMessages[][] = [];
  let request: TopicMessages[] = [];
  let used = 0;
  for (const { topic, messages } of batches) {
    let current: TopicMessages | undefined;
    for (const message of messages) {
      const bytes = recordSizeBound(message);
      if (bytes > budget) throw new MessageTooLargeError(topic, bytes, maxBytes);
      if (used + bytes > budget) {
        requests.push(request);
        request = [];
        current = undefined;
        used = 0;
      }
      if (current === undefined) request.push((current = { topic, messages: [] }));
      current.messages.push(message);
      used += bytes;
    }
  }
  if (request.length > 0) requests.push(request);
  return requests;
}
