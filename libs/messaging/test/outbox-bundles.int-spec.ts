import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createTestDatabase, testInfra, uniqueSuffix, type TestDatabase } from '@omni/testing';
import {
  addOutboxBundles,
  compressOutboxValues,
  createMessagingTables,
  removeOutboxBundles,
  uncompressOutboxValues,
} from '../src/migrations/messaging-tables';
import { Outbox, type OutboxMessage } from '../src/outbox/outbox.service';
import { OutboxRelay } from '../src/outbox/outbox-relay.service';
import { KafkaProducer } from '../src/producer/kafka-producer';
import { createTopics, deleteTopics } from '../src/topics/topic-admin';
import { createTopicReader } from '../src/topics/topic-reader';
import { MessagingTestTables1700000000000 } from './support/messaging-test.migration';
import {
  expectPerKeyOrder,
  jsonValue,
  waitUntil,
  type AmountEvent,
} from './support/messaging-test-kit';

/** The outbox as services had it before bundles: one row per message. */
class LegacyOutbox1700000000000 implements MigrationInterface {
  name = 'LegacyOutbox1700000000000';
  up = (queryRunner: QueryRunner) => createMessagingTables(queryRunner);
  down = async () => undefined;
}

describe('outbox bundles', () => {
  const { brokers } = testInfra();
  const service = `msg-bundles-${uniqueSuffix()}`;
  const topic = `${service}.events.v1`;
  const other = `${service}.other.v1`;
  const outbox = new Outbox();
  let db: TestDatabase;
  let producer: KafkaProducer;

  beforeAll(async () => {
    db = await createTestDatabase({
      service: 'msgb',
      migrations: [MessagingTestTables1700000000000],
    });
    await createTopics(brokers, [
      { name: topic, partitions: 3 },
      { name: other, partitions: 1 },
    ]);
    producer = new KafkaProducer({ brokers, clientId: service });
  });

  afterAll(async () => {
    await producer.disconnect();
    await deleteTopics(brokers, [topic, other]);
    await db.drop();
  });

  const events = (to: string, keys: string[], from: number, until: number): OutboxMessage[] =>
    Array.from({ length: until - from }, (_, i) => from + i).flatMap((seq) =>
      keys.map((key) => ({
        topic: to,
        key,
        value: { eventId: `${key}-${seq}`, account: key, amount: 1, seq },
      })),
    );

  const relayUntilEmpty = async (db: TestDatabase, batchSize: number) => {
    const relay = new OutboxRelay(db.dataSource, producer, {
      service,
      batchSize,
      pollIntervalMs: 20,
    });
    relay.start();
    await waitUntil(async () => (await relay.lag()).rows === 0, 30_000, 'the outbox is empty');
    await relay.stop();
    return relay.publishedCount;
  };

  const read = async (name: string, count: number) => {
    const reader = await createTopicReader({ brokers, topic: name, fromBeginning: true });
    const messages = await reader.waitForCount(count);
    await reader.close();
    return messages;
  };

  it('a transaction of 600 messages is at most one row per bucket; a bundle bigger than a relay batch still goes out whole and in key order', async () => {
    const keys = Array.from({ length: 30 }, (_, i) => `acct-${i}`);
    // 'hot' alone puts 200 messages in one bundle, four times the relay's batch.
    await db.dataSource.transaction((tx) =>
      outbox.enqueueMany(tx, [...events(topic, keys, 0, 20), ...events(topic, ['hot'], 0, 200)]),
    );
    const [{ rows, messages }] = await db.dataSource.query(
      `SELECT count(*)::int AS rows, sum(messages)::int AS messages FROM outbox`,
    );
    expect(messages).toBe(800);
    expect(rows).toBeLessThanOrEqual(16);
    expect((await new OutboxRelay(db.dataSource, producer, { service }).lag()).rows).toBe(800);

    expect(await relayUntilEmpty(db, 50)).toBe(800);
    const published = await read(topic, 800);
    expect(published).toHaveLength(800);
    expectPerKeyOrder(published, [...keys], 20);
    expectPerKeyOrder(published, ['hot'], 200);
  });

  it('stores bundles compressed with LZ4, and plainly again after the down, publishing both alike', async () => {
    const storage = async () =>
      (
        (await db.dataSource.query(
          `SELECT attstorage AS storage, attcompression AS compression FROM pg_attribute
           WHERE attrelid = 'outbox'::regclass AND attname = 'value'`,
        )) as { storage: string; compression: string }[]
      )[0];
    const keys = Array.from({ length: 8 }, (_, i) => `lz-${i}`);
    const enqueueAndMeasure = async (from: number) => {
      await db.dataSource.transaction((tx) =>
        outbox.enqueueMany(tx, events(topic, keys, from, from + 100)),
      );
      const [sizes] = (await db.dataSource.query(
        `SELECT sum(pg_column_size(value))::int AS stored, sum(length(value))::int AS raw FROM outbox`,
      )) as { stored: number; raw: number }[];
      expect(await relayUntilEmpty(db, 500)).toBe(800);
      return sizes;
    };
    // The test tables ran the same step as the service migration, and the server has LZ4.
    expect(await storage()).toEqual({ storage: 'x', compression: 'l' });
    const compressed = await enqueueAndMeasure(1_000);
    expect(compressed.stored * 2).toBeLessThan(compressed.raw);

    await db.dataSource.transaction(async (tx) => uncompressOutboxValues(tx.queryRunner!));
    expect(await storage()).toEqual({ storage: 'e', compression: '' });
    const plain = await enqueueAndMeasure(1_100);
    expect(plain.stored).toBeGreaterThanOrEqual(plain.raw);

    await db.dataSource.transaction(async (tx) => compressOutboxValues(tx.queryRunner!));
    expect(await storage()).toEqual({ storage: 'x', compression: 'l' });
    // Everything published, in key order across both forms: 100 of each key, then 100 more.
    const published = await read(topic, 800 + 1_600);
    for (const key of keys)
      expect(
        published.filter((m) => m.key === key).map((m) => jsonValue<AmountEvent>(m).seq),
      ).toEqual(Array.from({ length: 200 }, (_, i) => 1_000 + i));
  });

  it('discard removes only the named keys of one topic, from bundles and single rows, and keeps the rest', async () => {
    const scratch = await createTestDatabase({
      service: 'msgd',
      migrations: [LegacyOutbox1700000000000],
    });
    try {
      // A single-message row as an older version wrote it, then the bundle columns.
      await scratch.dataSource.query(
        `INSERT INTO outbox (topic, key, value, headers) VALUES ($1, 'gone', $2, '{}')`,
        [
          other,
          Buffer.from(JSON.stringify({ eventId: 'legacy-gone', account: 'gone', amount: 1 })),
        ],
      );
      const runner = scratch.dataSource.createQueryRunner();
      await addOutboxBundles(runner);
      await runner.release();
      await scratch.dataSource.transaction((tx) =>
        outbox.enqueueMany(tx, [
          ...events(other, ['gone', 'kept'], 0, 5),
          { topic: `${service}.unrelated.v1`, key: 'gone', value: { eventId: 'x' } },
        ]),
      );
      const discarded = await scratch.dataSource.transaction((tx) =>
        outbox.discard(tx, other, ['gone']),
      );
      expect(discarded).toBe(6);
      const left: { value: Buffer }[] = await scratch.dataSource.query(`SELECT value FROM outbox`);
      expect(left.map((r) => r.value.toString()).join()).not.toContain('"account":"gone"');
      expect((await new OutboxRelay(scratch.dataSource, producer, { service }).lag()).rows).toBe(6);
      // Nothing left to discard is a no-op.
      expect(
        await scratch.dataSource.transaction((tx) => outbox.discard(tx, other, ['gone'])),
      ).toBe(0);
    } finally {
      await scratch.drop();
    }
  });

  it('the migration turns waiting rows into bundles with their ids, keys, headers and values, and its down turns them back', async () => {
    const scratch = await createTestDatabase({
      service: 'msgm',
      migrations: [LegacyOutbox1700000000000],
    });
    try {
      await scratch.dataSource.query(
        `INSERT INTO outbox (topic, key, value, headers)
         SELECT $1, 'k' || (n % 3), convert_to(json_build_object('eventId', 'm-' || n, 'account', 'k' || (n % 3), 'amount', 1, 'seq', n / 3)::text, 'UTF8'), json_build_object('x-n', n::text)
         FROM generate_series(0, 1199) AS n`,
        [other],
      );
      const before: { id: string; key: string; headers: Record<string, string>; value: Buffer }[] =
        await scratch.dataSource.query(
          `SELECT o.id::text AS id, o.key, o.headers, o.value FROM outbox o ORDER BY o.id`,
        );
      const runner = scratch.dataSource.createQueryRunner();
      await addOutboxBundles(runner);
      const converted: { id: string; bundle: boolean; messages: number }[] =
        await scratch.dataSource.query(
          `SELECT o.id::text AS id, o.bundle, o.messages FROM outbox o ORDER BY o.id`,
        );
      expect(converted.map((r) => r.id)).toEqual(before.map((r) => r.id));
      expect(converted.filter((r) => !r.bundle || r.messages !== 1)).toEqual([]);

      await removeOutboxBundles(runner);
      const restored: { key: string; headers: Record<string, string>; value: Buffer }[] =
        await scratch.dataSource.query(`SELECT key, headers, value FROM outbox ORDER BY id`);
      expect(restored).toEqual(before.map(({ key, headers, value }) => ({ key, headers, value })));
      await addOutboxBundles(runner);
      await runner.release();

      expect(await relayUntilEmpty(scratch, 500)).toBe(1200);
      const published = await read(other, 1200);
      const mine = published.filter((m) => jsonValue<AmountEvent>(m).eventId.startsWith('m-'));
      expectPerKeyOrder(mine, ['k0', 'k1', 'k2'], 400);
      const first = mine.find((m) => jsonValue<AmountEvent>(m).eventId === 'm-0');
      expect(first?.headers).toMatchObject({ 'x-n': '0' });
    } finally {
      await scratch.drop();
    }
  });
});
