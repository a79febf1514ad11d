/**
 * Kafka's default (Java-compatible) partitioner, as kafkajs's DefaultPartitioner computes it:
 * murmur2 of the key, made positive, modulo the partition count. Same partitions, so keys keep
 * their meaning across clients; 32-bit integer arithmetic instead of kafkajs's BigInt-backed
 * Long, and partition metadata filtered only for keyless messages.
 */
import { randomBytes } from 'node:crypto';
import type { ICustomPartitioner } from 'kafkajs';

const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/** Kafka's murmur2 of a key's bytes (text is hashed as UTF-8), as a signed 32-bit integer. */
export function murmur2(key: Buffer | string): number {
  const data = Buffer.isBuffer(key) ? key : Buffer.from(String(key));
  const length = data.length;
  let h = (SEED ^ length) | 0;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k = data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  // The trailing 1–3 bytes, as Java's fall-through switch mixes them.
  const tail = length & 3;
  if (tail > 0) {
    if (tail === 3) h ^= data[whole + 2] << 16;
    if (tail >= 2) h ^= data[whole + 1] << 8;
    h ^= data[whole];
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

const toPositive = (value: number) => value & 0x7fffffff;

/** A partitioner factory for kafkajs's `createPartitioner` option. */
export const keyPartitioner: ICustomPartitioner = () => {
  const counters = new Map<string, number>();
  return ({ topic, partitionMetadata, message }) => {
    if (message.partition !== null && message.partition !== undefined) return message.partition;
    if (message.key !== null && message.key !== undefined) {
      return toPositive(murmur2(message.key)) % partitionMetadata.length;
    }
    // No key: round robin over partitions with a leader, from a random start per topic.
    const counter = (counters.get(topic) ?? randomBytes(4).readUInt32BE(0)) + 1;
    counters.set(topic, counter);
    const available = partitionMetadata.filter((p) => p.leader >= 0);
    if (available.length > 0) return available[toPositive(counter) % available.length].partitionId;
    return toPositive(counter) % partitionMetadata.length;
  };
};
