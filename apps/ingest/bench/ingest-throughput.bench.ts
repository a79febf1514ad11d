// Sustained HTTP ingest throughput (batches of realistic events) against the raw idempotent
// kafkajs producer (KafkaProducer.sendBatch, acks=all) for the same events, in the same run,
// on the local broker and database. Also p50/p99 latency at half the measured maximum, and RSS.
// Run: npx nx run ingest:bench -- --events 50000 --runs 3   (tiny: --events 2000 --runs 3 --latency-seconds 2)
// Writes bench/results/ingest-http-<timestamp>.json at the repository root.
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createTopics, deleteTopics, KafkaProducer } from '@omni/messaging';
import { createTestDatabase, freePort, startServiceProcess, testInfra, uniqueSuffix, waitForHttpOk } from '@omni/testing';
import { migrations } from '../src/migrations';

const root = path.resolve(__dirname, '../../..');

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '50000' },
    runs: { type: 'string', default: '3' },
    batch: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '8' },
    'latency-seconds': { type: 'string', default: '5' },
  },
});
const positive = (name: keyof typeof args): number => {
  const value = Number(args[name]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive whole number, got ${args[name]}`);
  return value;
};
const eventsPerRun = positive('events');
const runs = positive('runs');
const batchSize = positive('batch');
const concurrency = positive('concurrency');
const latencySeconds = positive('latency-seconds');

const CHANNELS = ['tmall', 'jd', 'douyin', 'wechat-miniprogram', 'web'] as const;

/** A realistic mix: 60% product views, 25% cart adds, 15% orders of three lines (~0.4–1 KB each). */
function realisticEvent(i: number): Record<string, unknown> {
  const now = new Date().toISOString();
  const person = i % 5000;
  const base = {
    eventId: randomUUID(),
    version: 1,
    occurredAt: now,
    sentAt: now,
    channel: CHANNELS[i % CHANNELS.length],
    identifiers: i % 3 === 0 ? { phone: `+86138${String(person).padStart(8, '0')}`, platformUserId: `u_${person}` } : { anonymousId: `anon-${person}`, deviceId: `dev-${person}` },
    context: { deviceType: 'mobile', locale: 'zh-CN', campaign: { source: 'douyin', medium: 'live', name: 'double-11' } },
  };
  const price = { amount: 12_900 + (i % 5_000), currency: 'CNY' };
  const sku = `SKU-${i % 9973}`;
  if (i % 20 < 12) return { ...base, type: 'product.viewed', payload: { sku, name: `Silk scarf, pattern ${i % 97}`, category: 'accessories', brand: 'Lumen', price } };
  if (i % 20 < 17) return { ...base, type: 'cart.item-added', payload: { cartId: `cart-${person}`, sku, name: `Silk scarf, pattern ${i % 97}`, quantity: 1 + (i % 3), unitPrice: price } };
  const lines = Array.from({ length: 3 }, (_, n) => ({ sku: `SKU-${(i + n) % 9973}`, name: `Silk scarf, pattern ${(i + n) % 97}`, quantity: 1, unitPrice: price }));
  return { ...base, type: 'order.placed', payload: { orderId: `ord-${i}-${uniqueSuffix()}`, lines, total: { amount: price.amount * 3, currency: 'CNY' }, paymentMethod: 'alipay' } };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : Math.round((sorted[mid - 1] + sorted[mid]) / 2);
};
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const rssMb = (pid: number) => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Math.round(Number(line?.replace(/\D+/g, '') ?? 0) / 1024);
};

type Measurement = { events: number; ms: number; eventsPerSecond: number };
const measure = (events: number, ms: number): Measurement => ({ events, ms: Math.round(ms), eventsPerSecond: Math.round((events / ms) * 1000) });

async function main(): Promise<void> {
  const { brokers } = testInfra();
  const topic = `bench.ingest-${uniqueSuffix()}.v1`;
  await createTopics(brokers, [{ name: topic, partitions: 6 }]);
  const db = await createTestDatabase({ service: 'ingest', migrations });
  const adminToken = `bench-admin-${randomUUID()}`;
  const port = await freePort();
  const service = await startServiceProcess('apps/ingest/src/main.ts', {
    ...db.env,
    PORT: String(port),
    LOG_LEVEL: 'warn',
    INGEST_ADMIN_TOKEN: adminToken,
    INGEST_EVENTS_TOPIC: topic,
    INGEST_RAW_CONSUMER_ENABLED: 'false',
  });
  const url = `http://127.0.0.1:${port}`;
  const raw = new KafkaProducer({ brokers, clientId: 'bench-raw' });
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(service.child.pid!))), 200);
  try {
    await waitForHttpOk(`${url}/health/ready`, 90_000);
    const created = await fetch(`${url}/v1/admin/connectors`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ id: 'bench', name: 'Benchmark', channels: [...CHANNELS], rateLimitPerSecond: 10_000_000, burst: 10_000_000 }),
    });
    const { key } = (await created.json()) as { key: string };
    await raw.connect();

    const post = async (events: Record<string, unknown>[]): Promise<number> => {
      const response = await fetch(`${url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ events }) });
      const body = (await response.json()) as { accepted?: number; code?: string };
      if (response.status !== 200) throw new Error(`ingest answered ${response.status}: ${JSON.stringify(body)}`);
      return body.accepted ?? 0;
    };
    const batchesOf = (count: number) => {
      const batches: Record<string, unknown>[][] = [];
      for (let i = 0; i < count; i += batchSize) batches.push(Array.from({ length: Math.min(batchSize, count - i) }, (_, n) => realisticEvent(i + n)));
      return batches;
    };
    // Both sides send batches of the same events with the same concurrency; only the path differs.
    const runParallel = async (batches: Record<string, unknown>[][], send: (batch: Record<string, unknown>[]) => Promise<number>) => {
      let next = 0;
      let done = 0;
      const started = performance.now();
      await Promise.all(Array.from({ length: concurrency }, async () => {
        while (next < batches.length) done += await send(batches[next++]);
      }));
      return measure(done, performance.now() - started);
    };
    const sendRaw = async (batch: Record<string, unknown>[]) => {
      await raw.sendBatch([{ topic, messages: batch.map((event) => ({ key: String(event.eventId), value: JSON.stringify(event) })) }]);
      return batch.length;
    };

    await runParallel(batchesOf(Math.min(eventsPerRun, 5_000)), post);
    await runParallel(batchesOf(Math.min(eventsPerRun, 5_000)), sendRaw);
    const httpRuns: Measurement[] = [];
    const rawRuns: Measurement[] = [];
    for (let run = 1; run <= runs; run++) {
      const batches = batchesOf(eventsPerRun);
      rawRuns.push(await runParallel(batches, sendRaw));
      httpRuns.push(await runParallel(batchesOf(eventsPerRun), post));
      console.log(`run ${run}/${runs}: raw ${rawRuns.at(-1)!.eventsPerSecond} ev/s, http ${httpRuns.at(-1)!.eventsPerSecond} ev/s`);
    }
    const httpMedian = median(httpRuns.map((r) => r.eventsPerSecond));
    const rawMedian = median(rawRuns.map((r) => r.eventsPerSecond));

    // Open loop at half the maximum: requests start on schedule whatever the answers do.
    const halfLoad = Math.max(1, Math.round(httpMedian / 2));
    const requestsPerSecond = halfLoad / batchSize;
    const total = Math.max(1, Math.round(requestsPerSecond * latencySeconds));
    const latencies: number[] = [];
    const batches = batchesOf(total * batchSize);
    const started = performance.now();
    await Promise.all(batches.map(async (batch, i) => {
      const due = started + (i * 1000) / requestsPerSecond;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
      const sent = performance.now();
      await post(batch);
      latencies.push(performance.now() - sent);
    }));

    const report = {
      benchmark: 'ingest-http-throughput',
      at: new Date().toISOString(),
      environment: { node: process.version, cpus: cpus().length, note: 'broker, Postgres, ingest and the load generator share this machine' },
      settings: { eventsPerRun, runs, batchSize, concurrency, partitions: 6, acks: -1, idempotent: true, averageEventBytes: Math.round(JSON.stringify(batchesOf(1_000).flat()).length / 1_000) },
      raw: { runs: rawRuns, medianEventsPerSecond: rawMedian },
      http: { runs: httpRuns, medianEventsPerSecond: httpMedian },
      ratio: Math.round((httpMedian / rawMedian) * 1000) / 1000,
      halfLoad: { eventsPerSecond: halfLoad, requests: latencies.length, p50Ms: Math.round(percentile(latencies, 50) * 10) / 10, p99Ms: Math.round(percentile(latencies, 99) * 10) / 10 },
      serviceRss: { peakMb: peakRss, endMb: rssMb(service.child.pid!) },
    };
    const dir = path.join(root, 'bench/results');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `ingest-http-${report.at.replace(/:/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    console.table([
      ...rawRuns.map((r, i) => ({ run: String(i + 1), 'raw ev/s': r.eventsPerSecond, 'http ev/s': httpRuns[i].eventsPerSecond })),
      { run: 'median', 'raw ev/s': rawMedian, 'http ev/s': httpMedian },
    ]);
    console.log(`http/raw = ${report.ratio}; at ${halfLoad} ev/s: p50 ${report.halfLoad.p50Ms} ms, p99 ${report.halfLoad.p99Ms} ms; service RSS peak ${peakRss} MB`);
    console.log(`results written to ${path.relative(root, file)}`);
  } finally {
    clearInterval(sampler);
    service.child.kill('SIGTERM');
    await service.exited;
    await raw.disconnect();
    await db.drop();
    await deleteTopics(brokers, [topic]);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
