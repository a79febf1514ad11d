/**
 * Produce requests v3–v7 (every version Kafka 4 accepts) encoded the way kafkajs 2.2.4's v3
 * request does, byte for byte, but with each uncompressed record batch written into one buffer:
 * records by `encodeRecord`, and the batch checksum by a native CRC-32C (hardware-accelerated)
 * instead of kafkajs's byte-at-a-time JavaScript loop. Compressed batches keep kafkajs's batch
 * encoder. Only libs/messaging knows about this, so the rest of the code base never depends
 * on kafkajs internals.
 */
import {
  planRecord,
  recordOf,
  writeRecord,
  type RecordInput,
  type RecordPlan,
} from './record-encoder';

// kafkajs 2.2.4 internals, pinned in package.json.
type KafkajsEncoder = { size(): number; readonly buf: Buffer; readonly buffer: Buffer };
type KafkajsLong = { value: bigint };
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0') as {
  RecordBatch: (batch: Record<string, unknown>) => Promise<KafkajsEncoder>;
};
const Long = require('kafkajs/src/utils/long') as {
  fromInt(value: number): KafkajsLong;
  fromValue(value: unknown): KafkajsLong;
};
const produce = require('kafkajs/src/protocol/requests/produce') as {
  protocol: (version: { version: number }) => ProduceVersion;
};

type Crc32c = (data: Buffer) => number;

/** @node-rs/crc32 when its prebuilt binding loads on this platform, else kafkajs's own. */
function loadCrc32c(): { crc32c: Crc32c; implementation: 'native' | 'javascript' } {
  try {
    const { crc32c } = require('@node-rs/crc32') as { crc32c(data: Buffer): number };
    return { crc32c: (data) => crc32c(data) >>> 0, implementation: 'native' };
  } catch {
    const crc32c = require('kafkajs/src/protocol/recordBatch/crc32C') as Crc32c;
    return { crc32c, implementation: 'javascript' };
  }
}

const { crc32c, implementation } = loadCrc32c();

/** Which CRC-32C the record batches are checked with, for benchmark reports. */
export const CRC32C_IMPLEMENTATION = implementation;

type ProduceMessage = RecordInput & { timestamp?: number | string };
type PartitionData = { partition: number; firstSequence?: number; messages: ProduceMessage[] };
export type ProduceRequestArgs = {
  acks: number;
  timeout: number;
  transactionalId?: string | null;
  producerId?: unknown;
  producerEpoch?: number;
  compression?: number;
  topicData: { topic: string; partitions: PartitionData[] }[];
};
type ProduceRequest = { apiVersion: number; encode: () => Promise<KafkajsEncoder> };
type ProduceVersion = (args: ProduceRequestArgs) => { request: ProduceRequest; response: unknown };

const NO_COMPRESSION = 0;
const TRANSACTIONAL_FLAG = 0x10;
const MAGIC = 2;
const FAST_VERSIONS = new Set([3, 4, 5, 6, 7]);

/** A buffer writer for fields of known total size. */
class Writer {
  offset = 0;
  constructor(readonly buf: Buffer) {}
  int8(value: number): void {
    this.offset = this.buf.writeInt8(value, this.offset);
  }
  int16(value: number): void {
    this.offset = this.buf.writeInt16BE(value, this.offset);
  }
  int32(value: number): void {
    this.offset = this.buf.writeInt32BE(value, this.offset);
  }
  int64(value: unknown): void {
    this.offset = this.buf.writeBigInt64BE(
      BigInt.asIntN(64, Long.fromValue(value).value),
      this.offset,
    );
  }
  bytes(value: Buffer): void {
    this.offset += value.copy(this.buf, this.offset);
  }
}

const stringSize = (value: string | null) =>
  2 + (value === null ? 0 : Buffer.byteLength(value, 'utf8'));

function writeString(writer: Writer, value: string | null): void {
  if (value === null) return writer.int16(-1);
  const length = Buffer.byteLength(value, 'utf8');
  writer.int16(length);
  writer.offset += writer.buf.write(value, writer.offset, length, 'utf8');
}

type BatchSettings = {
  producerId: unknown;
  producerEpoch: number;
  compression: number;
  transactional: boolean;
};

/**
 * One partition's entry: partition, size, then the record batch (first offset, length, leader
 * epoch, magic, CRC-32C of everything after it, attributes, ..., records).
 */
async function encodePartition(
  { partition, firstSequence = 0, messages }: PartitionData,
  settings: BatchSettings,
): Promise<Buffer> {
  const now = Date.now();
  // kafkajs sorts the given timestamps with the default (string) order; so does this.
  const timestamps = messages
    .map((m) => m.timestamp)
    .filter((t) => t != null)
    .sort();
  const bounds = timestamps.length === 0 ? [now] : timestamps;
  const firstTimestamp = bounds[0];
  const maxTimestamp = bounds[bounds.length - 1];
  // The records are measured first, so an uncompressed batch is written into one buffer.
  const plans = messages.map((message, i) =>
    planRecord({
      ...message,
      offsetDelta: i,
      timestampDelta: Number(message.timestamp || now) - Number(firstTimestamp),
    }),
  );
  const batchFields = {
    firstTimestamp,
    maxTimestamp,
    producerId: settings.producerId,
    producerEpoch: settings.producerEpoch,
    firstSequence,
    transactional: settings.transactional,
    lastOffsetDelta: plans.length - 1,
  };
  if (settings.compression !== NO_COMPRESSION) {
    const batch = await RecordBatch({
      ...batchFields,
      records: plans.map(recordOf),
      compression: settings.compression,
    });
    const entry = new Writer(Buffer.allocUnsafe(8 + batch.size()));
    entry.int32(partition);
    entry.int32(batch.size());
    entry.bytes(batch.buffer);
    return entry.buf;
  }
  return encodeUncompressedEntry(partition, batchFields, plans);
}

function encodeUncompressedEntry(
  partition: number,
  fields: {
    firstTimestamp: unknown;
    maxTimestamp: unknown;
    producerId: unknown;
    producerEpoch: number;
    firstSequence: number;
    transactional: boolean;
    lastOffsetDelta: number;
  },
  plans: RecordPlan[],
): Buffer {
  let recordBytes = 0;
  for (const plan of plans) recordBytes += plan.size;
  // attributes .. first sequence (36 bytes), the record count (4), then the records.
  const checkedSize = 40 + recordBytes;
  // leader epoch (4), magic (1), CRC (4), then the checked part.
  const batchLength = 9 + checkedSize;
  // first offset (8), batch length (4), then the batch.
  const batchSize = 12 + batchLength;
  const writer = new Writer(Buffer.allocUnsafe(8 + batchSize));
  writer.int32(partition);
  writer.int32(batchSize);
  writer.int64(0);
  writer.int32(batchLength);
  writer.int32(0);
  writer.int8(MAGIC);
  const crcAt = writer.offset;
  writer.offset += 4;
  const checkedFrom = writer.offset;
  writer.int16(fields.transactional ? TRANSACTIONAL_FLAG : 0); // attributes: no compression
  writer.int32(fields.lastOffsetDelta);
  writer.int64(fields.firstTimestamp);
  writer.int64(fields.maxTimestamp);
  writer.int64(fields.producerId);
  writer.int16(fields.producerEpoch);
  writer.int32(fields.firstSequence);
  writer.int32(plans.length);
  for (const plan of plans) writer.offset = writeRecord(plan, writer.buf, writer.offset);
  writer.buf.writeUInt32BE(crc32c(writer.buf.subarray(checkedFrom, writer.offset)), crcAt);
  return writer.buf;
}

/** The body of a produce request v3–v7, exactly as kafkajs's v3 request writes it. */
export async function encodeProduceRequest({
  acks,
  timeout,
  transactionalId = null,
  producerId = Long.fromInt(-1),
  producerEpoch = 0,
  compression = NO_COMPRESSION,
  topicData,
}: ProduceRequestArgs): Promise<KafkajsEncoder> {
  const settings = { producerId, producerEpoch, compression, transactional: !!transactionalId };
  const parts: Buffer[] = [];
  const head = new Writer(Buffer.allocUnsafe(stringSize(transactionalId) + 10));
  writeString(head, transactionalId);
  head.int16(acks);
  head.int32(timeout);
  head.int32(topicData.length);
  parts.push(head.buf);
  for (const { topic, partitions } of topicData) {
    const topicHead = new Writer(Buffer.allocUnsafe(stringSize(topic) + 4));
    writeString(topicHead, topic);
    topicHead.int32(partitions.length);
    parts.push(topicHead.buf);
    for (const partition of partitions) parts.push(await encodePartition(partition, settings));
  }
  const buf = Buffer.concat(parts);
  return { buf, buffer: buf, size: () => buf.length };
}

/** `omni` (this module, the default) or `kafkajs` (its own encoder, e.g. as a benchmark baseline). */
export type ProduceEncoder = 'omni' | 'kafkajs';

let encoder: ProduceEncoder = 'omni';

/** Chooses the encoder for produce requests built from now on, in this process. */
export function useProduceEncoder(which: ProduceEncoder): void {
  encoder = which;
}

let installed = false;

/**
 * Routes kafkajs's produce requests v3–v7 through `encodeProduceRequest` while the `omni`
 * encoder is chosen. It swaps the `protocol` lookup on kafkajs's Produce definition object,
 * which kafkajs consults for every request; the response decoders stay kafkajs's. (Replacing
 * kafkajs's record module in the require cache would not work: OpenTelemetry's require hook
 * keeps its own copy.) Idempotent; createKafka calls it.
 */
export function installProduceRequestEncoder(): void {
  if (installed) return;
  const original = produce.protocol;
  produce.protocol = ({ version }) => {
    const build = original({ version });
    if (!FAST_VERSIONS.has(version)) return build;
    return (args) => {
      const built = build(args);
      if (encoder === 'kafkajs') return built;
      return { ...built, request: { ...built.request, encode: () => encodeProduceRequest(args) } };
    };
  };
  installed = true;
}
