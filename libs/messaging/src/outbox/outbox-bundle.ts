import { murmur2 } from '../producer/key-partitioner';

/** One message as it travels through the outbox: the value already encoded. */
export type BundledMessage = {
  topic: string;
  key: string;
  value: Buffer;
  headers: Record<string, string>;
};

/**
 * Messages of one enqueueing call are stored as a few bundle rows instead of a row each:
 * one per ordering bucket of their keys. Per-key order then holds because a key always
 * falls in the same bucket, and the relay keeps bucket rows in id order exactly as it keeps
 * rows of one key. The count is part of the stored format: changing it would let a bundle
 * overtake an older one of another bucket holding the same key.
 */
export const OUTBOX_BUCKETS = 16;

/** The ordering key of a bundle row: the bucket its messages' keys fall in. */
export function bucketOf(key: string): string {
  return `bundle:${(murmur2(key) & 0x7fffffff) % OUTBOX_BUCKETS}`;
}

/**
 * Layout (big-endian): u32 message count, then per message u16 topic length, topic, u32 key
 * length, key, u32 headers length, headers as JSON, u32 value length, value. Text is UTF-8.
 */
export function encodeBundle(messages: readonly BundledMessage[]): Buffer {
  const parts = messages.map((m) => ({
    topic: Buffer.from(m.topic),
    key: Buffer.from(m.key),
    headers: Buffer.from(JSON.stringify(m.headers)),
    value: m.value,
  }));
  let size = 4;
  for (const p of parts) {
    if (p.topic.length > 0xffff) throw new RangeError(`topic name too long: ${p.topic.length}`);
    size += 2 + p.topic.length + 12 + p.key.length + p.headers.length + p.value.length;
  }
  const out = Buffer.allocUnsafe(size);
  let at = out.writeUInt32BE(parts.length, 0);
  for (const p of parts) {
    at = out.writeUInt16BE(p.topic.length, at);
    at += p.topic.copy(out, at);
    for (const bytes of [p.key, p.headers, p.value]) {
      at = out.writeUInt32BE(bytes.length, at);
      at += bytes.copy(out, at);
    }
  }
  return out;
}

export class MalformedBundleError extends Error {}

/** The messages of a bundle, in the order they were enqueued. Values are views into `bundle`. */
export function decodeBundle(bundle: Buffer): BundledMessage[] {
  let at = 0;
  const need = (n: number) => {
    if (at + n > bundle.length)
      throw new MalformedBundleError(`outbox bundle truncated at byte ${at} of ${bundle.length}`);
  };
  const take = (n: number) => {
    need(n);
    const slice = bundle.subarray(at, at + n);
    at += n;
    return slice;
  };
  const u32 = () => {
    need(4);
    const n = bundle.readUInt32BE(at);
    at += 4;
    return n;
  };
  const count = u32();
  const messages: BundledMessage[] = [];
  for (let i = 0; i < count; i++) {
    need(2);
    const topicLength = bundle.readUInt16BE(at);
    at += 2;
    const topic = take(topicLength).toString('utf8');
    const key = take(u32()).toString('utf8');
    const headers = JSON.parse(take(u32()).toString('utf8')) as Record<string, string>;
    const value = take(u32());
    messages.push({ topic, key, headers, value });
  }
  if (at !== bundle.length)
    throw new MalformedBundleError(`outbox bundle has ${bundle.length - at} trailing byte(s)`);
  return messages;
}
