/**
 * A Kafka record (message format v2) encoder that writes each record into one exactly-sized
 * buffer. It produces the same bytes as kafkajs 2.2.4's own encoder, which builds a 512-byte
 * zero-filled buffer per record and per header and a fresh Buffer per varint; for ingest's
 * messages (three headers each) that cost about as much CPU as the rest of the service.
 * produce-request-encoder.ts puts it to use.
 */
type RecordValue = Buffer | string | null | undefined;

/** What kafkajs's produce request hands its record encoder. */
export type RecordInput = {
  offsetDelta?: number;
  timestampDelta?: number;
  key?: RecordValue;
  value?: RecordValue;
  headers?: Record<string, RecordValue | RecordValue[]>;
};

/** The shape kafkajs's batch encoder reads back: `buf` (checked with Buffer.isBuffer) and `buffer`. */
export type EncodedRecord = {
  buf: Buffer;
  offset: number;
  readonly buffer: Buffer;
  size(): number;
};

export type Part = { readonly bytes: Buffer | string | null; readonly length: number };

const NULL_PART: Part = { bytes: null, length: -1 };

/** Bytes for a key, value or header value, with kafkajs's conversions (String() for non-buffers). */
function partOf(value: RecordValue): Part {
  if (value === null || value === undefined) return NULL_PART;
  if (Buffer.isBuffer(value)) return { bytes: value, length: value.length };
  const text = String(value);
  return { bytes: text, length: Buffer.byteLength(text, 'utf8') };
}

// Zigzag in plain arithmetic: kafkajs encodes varints as 32-bit and varlongs as 64-bit, and
// both agree with this within the ranges checked below.
const zigzag = (value: number): number => (value >= 0 ? value * 2 : -value * 2 - 1);

function unsignedVarintSize(value: number): number {
  let bytes = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 0x80);
    bytes += 1;
  }
  return bytes;
}

const varintSize = (value: number): number => unsignedVarintSize(zigzag(value));

const partSize = (part: Part): number =>
  part.bytes === null ? varintSize(-1) : varintSize(part.length) + part.length;

class RecordWriter {
  constructor(
    readonly buf: Buffer,
    public offset: number,
  ) {}

  varint(value: number): void {
    let rest = zigzag(value);
    while (rest >= 0x80) {
      this.buf[this.offset++] = (rest % 0x80) | 0x80;
      rest = Math.floor(rest / 0x80);
    }
    this.buf[this.offset++] = rest;
  }

  part(part: Part): void {
    if (part.bytes === null) return this.varint(-1);
    this.varint(part.length);
    if (typeof part.bytes === 'string') this.buf.write(part.bytes, this.offset, 'utf8');
    else part.bytes.copy(this.buf, this.offset);
    this.offset += part.length;
  }
}

// Offsets within a batch are 32-bit; timestamp deltas stay within ±2^51 so zigzag is exact.
const MAX_OFFSET_DELTA = 2 ** 31 - 1;
const MAX_TIMESTAMP_DELTA = 2 ** 51;

function checkInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(
      `record ${name} must be a whole number from ${min} to ${max}, got ${value}`,
    );
  }
}

/** A record measured, ready to be written: its parts and its size on the wire. */
export type RecordPlan = {
  readonly size: number;
  readonly bodySize: number;
  readonly timestampDelta: number;
  readonly offsetDelta: number;
  readonly key: Part;
  readonly value: Part;
  readonly headers: readonly (readonly [Part, Part])[];
};

// Header names repeat on every message; their measured parts are kept.
const headerNames = new Map<string, Part>();

function headerNamePart(name: string): Part {
  let part = headerNames.get(name);
  if (part === undefined) {
    part = { bytes: name, length: Buffer.byteLength(name, 'utf8') };
    if (headerNames.size < 1_000) headerNames.set(name, part);
  }
  return part;
}

/** Measures one record as kafkajs's `recordBatch/record/v0` would encode it. */
export function planRecord({
  offsetDelta = 0,
  timestampDelta = 0,
  key,
  value,
  headers = {},
}: RecordInput): RecordPlan {
  checkInteger('offsetDelta', offsetDelta, 0, MAX_OFFSET_DELTA);
  checkInteger('timestampDelta', timestampDelta, -MAX_TIMESTAMP_DELTA, MAX_TIMESTAMP_DELTA);
  const keyPart = partOf(key);
  const valuePart = partOf(value);
  const headerParts: [Part, Part][] = [];
  for (const name of Object.keys(headers)) {
    const raw = headers[name];
    const namePart = headerNamePart(name);
    for (const one of Array.isArray(raw) ? raw : [raw]) {
      // kafkajs sizes header values with Buffer.byteLength, which rejects anything else.
      if (one === undefined) throw new TypeError(`header "${name}" has no value`);
      headerParts.push([namePart, partOf(one)]);
    }
  }
  let headersSize = varintSize(headerParts.length);
  for (const [name, headerValue] of headerParts)
    headersSize += partSize(name) + partSize(headerValue);
  const bodySize =
    1 +
    varintSize(timestampDelta) +
    varintSize(offsetDelta) +
    partSize(keyPart) +
    partSize(valuePart) +
    headersSize;
  return {
    size: varintSize(bodySize) + bodySize,
    bodySize,
    timestampDelta,
    offsetDelta,
    key: keyPart,
    value: valuePart,
    headers: headerParts,
  };
}

/** Writes a planned record into `buf` at `offset`; returns the offset after it. */
export function writeRecord(plan: RecordPlan, buf: Buffer, offset: number): number {
  const writer = new RecordWriter(buf, offset);
  writer.varint(plan.bodySize);
  writer.buf[writer.offset++] = 0; // attributes: none are used per record
  writer.varint(plan.timestampDelta);
  writer.varint(plan.offsetDelta);
  writer.part(plan.key);
  writer.part(plan.value);
  writer.varint(plan.headers.length);
  for (const [name, headerValue] of plan.headers) {
    writer.part(name);
    writer.part(headerValue);
  }
  return writer.offset;
}

/** A planned record in a buffer of its own, as kafkajs's batch encoder takes it. */
export function recordOf(plan: RecordPlan): EncodedRecord {
  const buf = Buffer.allocUnsafe(plan.size);
  writeRecord(plan, buf, 0);
  return encoderView(buf);
}

/** Encodes one record exactly as kafkajs's `recordBatch/record/v0` does. */
export const encodeRecord = (input: RecordInput): EncodedRecord => recordOf(planRecord(input));

function encoderView(buf: Buffer): EncodedRecord {
  return {
    buf,
    offset: buf.length,
    get buffer() {
      return buf;
    },
    size: () => buf.length,
  };
}
