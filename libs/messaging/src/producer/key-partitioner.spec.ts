import fc from 'fast-check';
import { Partitioners, type PartitionerArgs } from 'kafkajs';
import { keyPartitioner, murmur2 } from './key-partitioner';

// kafkajs's own (Java-compatible) murmur2 is the oracle.
const kafkajsMurmur2 = require('kafkajs/src/producer/partitioners/default/murmur2') as (
  key: Buffer | string,
) => number;

const key = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
);
const partitions = (count: number, leaderless: number[] = []) =>
  Array.from({ length: count }, (_, partitionId) => ({
    partitionId,
    leader: leaderless.includes(partitionId) ? -1 : 1,
    partitionErrorCode: 0,
    replicas: [1],
    isr: [1],
  }));
const args = (message: PartitionerArgs['message'], count = 6, leaderless: number[] = []) => ({
  topic: 't',
  partitionMetadata: partitions(count, leaderless),
  message,
});

describe('key partitioner', () => {
  it('hashes any key exactly as kafkajs does', () => {
    fc.assert(
      fc.property(key, (k) => {
        expect(murmur2(k)).toBe(kafkajsMurmur2(k));
      }),
      { numRuns: 5_000 },
    );
  });

  it('matches the known Java murmur2 of "21" (as Kafka documents it)', () => {
    expect(murmur2('21')).toBe(-973932308);
  });

  it('puts every keyed message on the same partition as kafkajs DefaultPartitioner', () => {
    const ours = keyPartitioner();
    const theirs = Partitioners.DefaultPartitioner();
    fc.assert(
      fc.property(key, fc.integer({ min: 1, max: 64 }), (k, count) => {
        const input = args({ key: k, value: 'v' }, count);
        expect(ours(input)).toBe(theirs(input));
      }),
      { numRuns: 2_000 },
    );
  });

  it('honours an explicit partition', () => {
    expect(keyPartitioner()(args({ key: 'k', value: 'v', partition: 4 }))).toBe(4);
  });

  it('spreads keyless messages round robin over partitions that have a leader', () => {
    const partition = keyPartitioner();
    const seen = Array.from({ length: 8 }, () => partition(args({ value: 'v' }, 4, [1])));
    expect(new Set(seen)).toEqual(new Set([0, 2, 3]));
    for (let i = 1; i < seen.length; i++) expect(seen[i]).not.toBe(seen[i - 1]);
  });

  it('still picks a partition when none has a leader', () => {
    const chosen = keyPartitioner()(args({ value: 'v' }, 3, [0, 1, 2]));
    expect([0, 1, 2]).toContain(chosen);
  });
});
