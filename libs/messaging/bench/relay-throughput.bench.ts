// Outbox relay throughput against the raw kafkajs idempotent producer, on the real local
// broker and database. Run: npx nx run messaging:bench [-- --events 50000 --runs 5]
// Writes bench/results/messaging-relay-<timestamp>.json at the repository root.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CompressionTypes, Kafka, logLevel, Partitioners } from 'kafkajs';
import { Client } from 'pg';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  createServiceDataSource,
  provisionServiceDatabase,
  runMigrations,
  withDatabaseAclLock,
} from '@omni/database';
import { compareCases, scenarioCase, writeBenchResult } from '@omni/testing';
import { RELAY_DEFAULTS } from '../src/config/messaging-options';
import {
  addOutboxBundles,
  compressOutboxValues,
  inboxKeysBytewise,
  createMessagingTables,
  dropMessagingTables,
} from '../src/migrations/messaging-tables';
import { Outbox, type OutboxMessage } from '../src/outbox/outbox.service';
import { OutboxRelay } from '../src/outbox/outbox-relay.service';
import { KafkaProducer } from '../src/producer/kafka-producer';
import { createTopics, deleteTopics } from '../src/topics/topic-admin';

const root = path.resolve(__dirname, '../../..');

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '50000' },
    runs: { type: 'string', default: '5' },
    'raw-batch': { type: 'string', default: '500' },
    'relay-batch': { type: 'string', default: String(RELAY_DEFAULTS.batchSize) },
    partitions: { type: 'string', default: '6' },
    keys: { type: 'string', default: '5000' },
  },
});
const events = positive('events');
const runs = positive('runs');
const rawBatch = positive('raw-batch');
const relayBatch = positive('relay-batch');
const partitions = positive('partitions');
const keyCount = positive('keys');

function positive(name: keyof typeof args): number {
  const value = Number(args[name]);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${name} must be a positive whole number, got ${args[name]}`);
  return value;
}

class BenchTables1700000000000 implements MigrationInterface {
  name = 'BenchTables1700000000000';
  up = async (queryRunner: QueryRunner) => {
    await createMessagingTables(queryRunner);
    await addOutboxBundles(queryRunner);
    await compressOutboxValues(queryRunner);
    await inboxKeysBytewise(queryRunner);
  };
  down = (queryRunner: QueryRunner) => dropMessagingTables(queryRunner);
}

/** A realistic ~1 KB order.placed envelope. */
function orderPlaced(i: number): OutboxMessage {
  const customerId = `cus_${(i * 7919) % keyCount}`;
  const lines = Array.from({ length: 3 }, (_, n) => ({
    sku: `SKU-${(i + n) % 9973}`,
    name: `Silk scarf, pattern ${(i + n) % 97}, colour ${(i * n) % 13}`,
    quantity: 1 + ((i + n) % 3),
    unitPrice: { amount: 12_900 + ((i * 31 + n) % 5_000), currency: 'CNY' },
    discount: { amount: (i + n) % 7 === 0 ? 1_000 : 0, currency: 'CNY' },
  }));
  const value = {
    eventId: `evt_${i}_${randomBytes(6).toString('hex')}`,
    type: 'order.placed',
    version: 1,
    occurredAt: new Date(1_760_000_000_000 + i * 1_000).toISOString(),
    receivedAt: new Date(1_760_000_000_500 + i * 1_000).toISOString(),
    channel: ['tmall', 'jd', 'douyin', 'wechat-miniprogram', 'pos'][i % 5],
    connectorId: `conn_${i % 17}`,
    customerId,
    correlationId: `cor_${i}`,
    causationId: `cau_${i}`,
    identifiers: {
      phone: `+86138${String(i % 100_000_000).padStart(8, '0')}`,
      memberId: `M${(i * 13) % 1_000_000}`,
    },
    context: {
      deviceType: 'mobile',
      storeId: `store_${i % 211}`,
      campaign: { source: 'douyin', medium: 'live', name: 'double-11' },
      locale: 'zh-CN',
    },
    payload: {
      orderId: `ord_${i}`,
      lines,
      total: { amount: 41_700 + (i % 5_000), currency: 'CNY' },
      paymentMethod: 'alipay',
    },
  };
  return { topic: '', key: customerId, value };
}

type Measurement = { events: number; ms: number; eventsPerSecond: number };

const measure = (count: number, ms: number): Measurement => ({
  events: count,
  ms: Math.round(ms),
  eventsPerSecond: Math.round((count / ms) * 1000),
});

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const adminUrl = process.env.DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const suffix = randomBytes(4).toString('hex');
  const schema = `bench_relay_${suffix}`;
  const role = `${schema}_role`;
  const topic = `bench.relay-${suffix}.v1`;
  const service = `bench-relay-${suffix}`;

  await provisionServiceDatabase({ adminUrl, database: 'omni', schema, role, password: role });
  const url = new URL(adminUrl);
  url.username = role;
  url.password = role;
  url.pathname = '/omni';
  const dataSource = createServiceDataSource({
    service,
    schema,
    url: url.toString(),
    poolSize: 4,
    migrations: [BenchTables1700000000000],
  });
  await runMigrations(dataSource, 'up');
  await createTopics(brokers, [{ name: topic, partitions }]);

  const messages = Array.from({ length: events }, (_, i) => ({ ...orderPlaced(i), topic }));
  const encoded = messages.map((m) => ({ key: m.key, value: JSON.stringify(m.value) }));
  const averageBytes = Math.round(
    encoded.reduce((sum, m) => sum + Buffer.byteLength(m.value), 0) / encoded.length,
  );

  const raw = new Kafka({ brokers, clientId: `${service}-raw`, logLevel: logLevel.WARN }).producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await raw.connect();
  const producer = new KafkaProducer({ brokers, clientId: `${service}-relay` });
  await producer.connect();
  const outbox = new Outbox();

  const runRaw = async (count: number): Promise<Measurement> => {
    const started = performance.now();
    for (let i = 0; i < count; i += rawBatch) {
      await raw.send({
        topic,
        messages: encoded.slice(i, Math.min(i + rawBatch, count)),
        acks: -1,
        compression: CompressionTypes.None,
      });
    }
    return measure(count, performance.now() - started);
  };

  const runRelay = async (count: number): Promise<Measurement> => {
    for (let i = 0; i < count; i += 2_000) {
      await dataSource.transaction((tx) =>
        outbox.enqueueMany(tx, messages.slice(i, Math.min(i + 2_000, count))),
      );
    }
    await dataSource.query('VACUUM ANALYZE outbox');
    const relay = new OutboxRelay(dataSource, producer, {
      service,
      batchSize: relayBatch,
      pollIntervalMs: 5,
    });
    const started = performance.now();
    relay.start();
    while (relay.publishedCount < count) await new Promise((resolve) => setTimeout(resolve, 1));
    const result = measure(count, performance.now() - started);
    await relay.stop();
    return result;
  };

  try {
    // Warm up both paths (JIT, connections, metadata) before anything is timed.
    const warmUp = Math.min(events, 5_000);
    await runRaw(warmUp);
    await runRelay(warmUp);

    const rawRuns: Measurement[] = [];
    const relayRuns: Measurement[] = [];
    for (let run = 1; run <= runs; run++) {
      rawRuns.push(await runRaw(events));
      relayRuns.push(await runRelay(events));
      console.log(
        `run ${run}/${runs}: raw ${rawRuns.at(-1)!.eventsPerSecond} ev/s, relay ${relayRuns.at(-1)!.eventsPerSecond} ev/s`,
      );
    }

    const rawCase = scenarioCase(
      'default',
      rawRuns.map((metrics) => ({ metrics })),
    );
    const relayCase = scenarioCase(
      'default',
      relayRuns.map((metrics) => ({ metrics })),
    );
    const rawMedian = Math.round(rawCase.medians.eventsPerSecond);
    const relayMedian = Math.round(relayCase.medians.eventsPerSecond);
    const toRaw = compareCases(
      'eventsPerSecond',
      { case: relayCase },
      { scenario: 'raw', case: rawCase },
    );
    const { ratio } = toRaw;
    const file = writeBenchResult('messaging-relay', {
      startedAt,
      settings: {
        events,
        runs,
        rawBatch,
        relayBatch,
        partitions,
        keys: keyCount,
        averageValueBytes: averageBytes,
        acks: -1,
        idempotent: true,
        compression: 'none',
        kafkajs: '2.2.4',
      },
      scenarios: [
        {
          id: 'raw',
          title: 'raw kafkajs idempotent producer, the baseline',
          status: 'ok',
          headline: ['eventsPerSecond'],
          cases: [rawCase],
          comparisons: [],
          notes: [],
        },
        {
          id: 'relay',
          title: 'outbox relay from Postgres to Kafka',
          status: 'ok',
          headline: ['eventsPerSecond'],
          cases: [relayCase],
          comparisons: [toRaw],
          notes: [],
        },
      ],
    });

    console.table([
      ...rawRuns.map((r, i) => ({
        run: String(i + 1),
        'raw ev/s': r.eventsPerSecond,
        'relay ev/s': relayRuns[i].eventsPerSecond,
        'relay/raw': '',
      })),
      {
        run: 'median',
        'raw ev/s': rawMedian,
        'relay ev/s': relayMedian,
        'relay/raw': String(ratio),
      },
    ]);
    console.log(
      `median raw ${rawMedian} ev/s, median relay ${relayMedian} ev/s, relay/raw = ${ratio} (${events} events of ~${averageBytes} B)`,
    );
    console.log(`results written to ${path.relative(root, file)}`);
  } finally {
    await raw.disconnect();
    await producer.disconnect();
    await dataSource.destroy();
    await deleteTopics(brokers, [topic]);
    const admin = new Client({ connectionString: adminUrl.replace(/\/[^/]*$/, '/omni') });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await withDatabaseAclLock(admin, () => admin.query(`DROP OWNED BY "${role}"`));
    await admin.query(`DROP ROLE IF EXISTS "${role}"`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
