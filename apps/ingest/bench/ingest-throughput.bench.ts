// Sustained HTTP ingest throughput (batches of realistic events) against the raw idempotent
// kafkajs producer (acks=all) sending the same messages, in the same run, on the local broker
// and database. The baseline is stock kafkajs (its own produce encoder); the producer as
// libs/messaging runs it (its faster, byte-identical encoder) is reported beside it. HTTP is
// measured with 1 and 2 ingest replicas (processes sharing the database, requests round robin).
// Also p50/p99 latency at half the measured maximum, RSS, and CPU per event.
// Run: npx nx run ingest:bench -- --events 50000 --runs 3   (tiny: --events 2000 --runs 3 --latency-seconds 2;
// profile the service: --cpu-prof-dir /tmp/ingest-prof)
// Writes bench/results/ingest-http-<timestamp>.json at the repository root.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import path from 'node:path';
import {
  createTopics,
  CRC32C_IMPLEMENTATION,
  deleteTopics,
  KafkaProducer,
  useProduceEncoder,
} from '@omni/messaging';
import {
  benchArgs,
  compareCases,
  cpuMs,
  cpuMsOf,
  cpuSince,
  createTestDatabase,
  freePort,
  machineCpuMs,
  percentile,
  round,
  scenarioCase,
  startServiceProcess,
  testInfra,
  uniqueSuffix,
  waitForHttpOk,
  writeBenchResult,
} from '@omni/testing';
import { HEADERS, type EventEnvelope } from '@omni/contracts';
import { partitionKeyOf } from '../src/events/partition-key';
import { migrations } from '../src/migrations';

const root = path.resolve(__dirname, '../../..');

const { counts, values: args } = benchArgs(
  { events: 50000, runs: 3, batch: 100, concurrency: 8, 'latency-seconds': 5 },
  {
    // Replica counts to measure HTTP with: service processes sharing the database and the topic,
    // requests round robin. The headline is the best of them.
    replicas: { type: 'string', default: '1,2' },
    // Writes a V8 CPU profile of the service process into this folder when it stops.
    'cpu-prof-dir': { type: 'string' },
    // The service entry point, relative to the repository root: e.g. a tsc build's main.js
    // instead of the TypeScript source (compiled on load by SWC, which adds to RSS).
    'service-entry': { type: 'string', default: 'apps/ingest/src/main.ts' },
    // Extra Node options for the service processes, e.g. --max-semi-space-size=32.
    'service-node-options': { type: 'string', default: '--max-semi-space-size=32' },
  },
);
const {
  events: eventsPerRun,
  runs,
  batch: batchSize,
  concurrency,
  'latency-seconds': latencySeconds,
} = counts;
const replicaCounts = args.replicas.split(',').map((part) => {
  const value = Number(part);
  if (!Number.isInteger(value) || value < 1 || value > 8)
    throw new Error(
      `--replicas must list whole numbers from 1 to 8, e.g. 1,2; got ${args.replicas}`,
    );
  return value;
});
const replicaCount = Math.max(...replicaCounts);

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
    identifiers:
      i % 3 === 0
        ? { phone: `+86138${String(person).padStart(8, '0')}`, platformUserId: `u_${person}` }
        : { anonymousId: `anon-${person}`, deviceId: `dev-${person}` },
    context: {
      deviceType: 'mobile',
      locale: 'zh-CN',
      campaign: { source: 'douyin', medium: 'live', name: 'double-11' },
    },
  };
  const price = { amount: 12_900 + (i % 5_000), currency: 'CNY' };
  const sku = `SKU-${i % 9973}`;
  if (i % 20 < 12)
    return {
      ...base,
      type: 'product.viewed',
      payload: {
        sku,
        name: `Silk scarf, pattern ${i % 97}`,
        category: 'accessories',
        brand: 'Lumen',
        price,
      },
    };
  if (i % 20 < 17)
    return {
      ...base,
      type: 'cart.item-added',
      payload: {
        cartId: `cart-${person}`,
        sku,
        name: `Silk scarf, pattern ${i % 97}`,
        quantity: 1 + (i % 3),
        unitPrice: price,
      },
    };
  const lines = Array.from({ length: 3 }, (_, n) => ({
    sku: `SKU-${(i + n) % 9973}`,
    name: `Silk scarf, pattern ${(i + n) % 97}`,
    quantity: 1,
    unitPrice: price,
  }));
  return {
    ...base,
    type: 'order.placed',
    payload: {
      orderId: `ord-${i}-${uniqueSuffix()}`,
      lines,
      total: { amount: price.amount * 3, currency: 'CNY' },
      paymentMethod: 'alipay',
    },
  };
}

const rssMb = (pid: number) => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Math.round(Number(line?.replace(/\D+/g, '') ?? 0) / 1024);
};

const infraCpuMs = () => ({ postgres: cpuMsOf('postgres'), kafka: cpuMsOf('java') });

// CPU per event is steadier than events/s when other work shares the two cores.
type Measurement = {
  events: number;
  ms: number;
  eventsPerSecond: number;
  cpuUsPerEvent: number;
  machineCpuUsPerEvent: number;
  postgresCpuUsPerEvent: number;
  kafkaCpuUsPerEvent: number;
  loadGeneratorCpuUsPerEvent?: number;
  otherCpuUsPerEvent?: number;
};
const asRun = (metrics: Measurement) => ({ metrics });
/** Figures of one run; CPU arguments in ms. */
const measure = (
  events: number,
  ms: number,
  cpu: { own: number; machine: number; postgres: number; kafka: number },
): Measurement => {
  const perEvent = (cpuMs: number) => Math.round((cpuMs * 1000) / events);
  return {
    events,
    ms: Math.round(ms),
    eventsPerSecond: Math.round((events / ms) * 1000),
    cpuUsPerEvent: perEvent(cpu.own),
    machineCpuUsPerEvent: perEvent(cpu.machine),
    postgresCpuUsPerEvent: perEvent(cpu.postgres),
    kafkaCpuUsPerEvent: perEvent(cpu.kafka),
  };
};

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const { brokers } = testInfra();
  const topic = `bench.ingest-${uniqueSuffix()}.v1`;
  await createTopics(brokers, [{ name: topic, partitions: 6 }]);
  const db = await createTestDatabase({ service: 'ingest', migrations });
  const adminToken = `bench-admin-${randomUUID()}`;
  const startReplica = async () => {
    const port = await freePort();
    const started = await startServiceProcess(args['service-entry'], {
      ...db.env,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      INGEST_ADMIN_TOKEN: adminToken,
      INGEST_EVENTS_TOPIC: topic,
      INGEST_RAW_CONSUMER_ENABLED: 'false',
      NODE_OPTIONS: [
        args['service-node-options'],
        args['cpu-prof-dir']
          ? `--cpu-prof --cpu-prof-dir=${path.resolve(args['cpu-prof-dir'])}`
          : '',
      ]
        .join(' ')
        .trim(),
    });
    return { process: started, url: `http://127.0.0.1:${port}` };
  };
  const replicas = await Promise.all(Array.from({ length: replicaCount }, startReplica));
  const pids = replicas.map((r) => r.process.child.pid!);
  const url = replicas[0].url;
  // How many replicas the current HTTP run spreads its requests over.
  let activeReplicas = replicaCount;
  let nextReplica = 0;
  const replicaUrl = () => replicas[nextReplica++ % activeReplicas].url;
  const raw = new KafkaProducer({ brokers, clientId: 'bench-raw' });
  let peakRss = 0;
  const totalRss = () => pids.reduce((sum, pid) => sum + rssMb(pid), 0);
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, totalRss())), 200);
  try {
    for (const replica of replicas) await waitForHttpOk(`${replica.url}/health/ready`, 90_000);
    const idleRss = totalRss();
    const created = await fetch(`${url}/v1/admin/connectors`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({
        id: 'bench',
        name: 'Benchmark',
        channels: [...CHANNELS],
        rateLimitPerSecond: 10_000_000,
        burst: 10_000_000,
      }),
    });
    const { key } = (await created.json()) as { key: string };
    await raw.connect();

    // Bodies and messages are serialised before the clock starts, so the load generator's own
    // CPU (on the same two cores) stays small; fetch keeps its connections alive.
    // The raw producer sends the messages ingest would publish for these events: the same key
    // (the strongest identifier) and the same headers (type, version and a trace context).
    type RawMessage = { key: string; value: string; headers: Record<string, string> };
    type Batch = { events: Record<string, unknown>[]; body: string; messages: RawMessage[] };
    const rawMessage = (event: Record<string, unknown>): RawMessage => ({
      key: partitionKeyOf(event as unknown as EventEnvelope),
      value: JSON.stringify(event),
      headers: {
        [HEADERS.eventType]: String(event.type),
        [HEADERS.eventVersion]: String(event.version),
        [HEADERS.traceparent]: `00-${randomUUID().replace(/-/g, '')}-${randomUUID().slice(0, 18).replace(/-/g, '')}-01`,
      },
    });
    // node:http with keep-alive costs the load generator about half of what fetch does.
    const agent = new Agent({ keepAlive: true, maxSockets: 64 });
    const post = (batch: Batch): Promise<number> =>
      new Promise((resolve, reject) => {
        const target = new URL(`${replicaUrl()}/v1/events`);
        const request = httpRequest(
          {
            agent,
            host: target.hostname,
            port: target.port,
            path: target.pathname,
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(batch.body),
              authorization: `Bearer ${key}`,
            },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              if (response.statusCode !== 200)
                return reject(new Error(`ingest answered ${response.statusCode}: ${text}`));
              resolve((JSON.parse(text) as { accepted?: number }).accepted ?? 0);
            });
            response.on('error', reject);
          },
        );
        request.on('error', reject);
        request.end(batch.body);
      });
    const batchesOf = (count: number): Batch[] => {
      const batches: Batch[] = [];
      for (let i = 0; i < count; i += batchSize) {
        const events = Array.from({ length: Math.min(batchSize, count - i) }, (_, n) =>
          realisticEvent(i + n),
        );
        batches.push({
          events,
          body: JSON.stringify({ events }),
          messages: events.map(rawMessage),
        });
      }
      return batches;
    };
    // Both sides send batches of the same events with the same concurrency; only the path differs.
    // CPU is counted for the process doing the work: the service for HTTP, this one for raw.
    const runParallel = async (
      batches: Batch[],
      send: (batch: Batch) => Promise<number>,
      cpuOf: () => number,
    ) => {
      let next = 0;
      let done = 0;
      const cpuBefore = cpuOf();
      const ownBefore = cpuMs(process.pid);
      const infraBefore = infraCpuMs();
      const machineBefore = machineCpuMs();
      const started = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < batches.length) {
            // Read `done` only after the await: `done += await …` would add to a stale total.
            const sent = await send(batches[next++]);
            done += sent;
          }
        }),
      );
      const elapsed = performance.now() - started;
      const own = cpuOf() - cpuBefore;
      const machine = machineCpuMs() - machineBefore;
      const infraAfter = infraCpuMs();
      const result = measure(done, elapsed, {
        own,
        machine,
        postgres: cpuSince(infraBefore.postgres, infraAfter.postgres),
        kafka: cpuSince(infraBefore.kafka, infraAfter.kafka),
      });
      // The HTTP client shares the two cores too; its cost is reported to show it stays small.
      if (send === post)
        result.loadGeneratorCpuUsPerEvent = Math.round(
          ((cpuMs(process.pid) - ownBefore) * 1000) / done,
        );
      // Whatever else ran on the machine meanwhile (other people's tests): a run with much of it
      // measured a busy machine, not this code.
      result.otherCpuUsPerEvent = Math.max(
        0,
        result.machineCpuUsPerEvent -
          result.cpuUsPerEvent -
          result.postgresCpuUsPerEvent -
          result.kafkaCpuUsPerEvent -
          (result.loadGeneratorCpuUsPerEvent ?? 0),
      );
      return result;
    };
    const serviceCpu = () => pids.reduce((sum, pid) => sum + cpuMs(pid), 0);
    const ownCpu = () => cpuMs(process.pid);
    // The same producer object either way; only the produce-request encoder differs.
    const sendRawWith = (encoder: 'kafkajs' | 'omni') => async (batch: Batch) => {
      useProduceEncoder(encoder);
      await raw.sendBatch([{ topic, messages: batch.messages }]);
      return batch.messages.length;
    };
    const sendKafkajs = sendRawWith('kafkajs');
    const sendOmni = sendRawWith('omni');
    const httpWith = async (count: number) => {
      activeReplicas = count;
      return runParallel(batchesOf(eventsPerRun), post, serviceCpu);
    };

    await runParallel(batchesOf(Math.min(eventsPerRun, 5_000)), post, serviceCpu);
    await runParallel(batchesOf(Math.min(eventsPerRun, 5_000)), sendKafkajs, ownCpu);
    await runParallel(batchesOf(Math.min(eventsPerRun, 5_000)), sendOmni, ownCpu);
    const kafkajsRuns: Measurement[] = [];
    const omniRuns: Measurement[] = [];
    const httpRuns = new Map<number, Measurement[]>(replicaCounts.map((count) => [count, []]));
    for (let run = 1; run <= runs; run++) {
      kafkajsRuns.push(await runParallel(batchesOf(eventsPerRun), sendKafkajs, ownCpu));
      omniRuns.push(await runParallel(batchesOf(eventsPerRun), sendOmni, ownCpu));
      for (const count of replicaCounts) httpRuns.get(count)!.push(await httpWith(count));
      const line = (m: Measurement) =>
        `${m.eventsPerSecond} ev/s (µs CPU/event: own ${m.cpuUsPerEvent}, postgres ${m.postgresCpuUsPerEvent}, kafka ${m.kafkaCpuUsPerEvent}, other ${m.otherCpuUsPerEvent}, machine ${m.machineCpuUsPerEvent})`;
      console.log(
        `run ${run}/${runs}: raw kafkajs ${line(kafkajsRuns.at(-1)!)}, raw omni ${line(omniRuns.at(-1)!)}, ${replicaCounts
          .map((count) => `http ×${count} ${line(httpRuns.get(count)!.at(-1)!)}`)
          .join(', ')}`,
      );
    }
    const kafkajsCase = scenarioCase('default', kafkajsRuns.map(asRun));
    const omniCase = scenarioCase('default', omniRuns.map(asRun));
    const httpCases = replicaCounts.map((count) =>
      scenarioCase(`replicas ${count}`, httpRuns.get(count)!.map(asRun)),
    );
    const kafkajsMedian = Math.round(kafkajsCase.medians.eventsPerSecond);
    const omniMedian = Math.round(omniCase.medians.eventsPerSecond);
    const bestIndex = httpCases.reduce(
      (bestSoFar, c, i) =>
        c.medians.eventsPerSecond > httpCases[bestSoFar].medians.eventsPerSecond ? i : bestSoFar,
      0,
    );
    const best = { replicas: replicaCounts[bestIndex], case: httpCases[bestIndex] };
    const httpMedian = Math.round(best.case.medians.eventsPerSecond);
    activeReplicas = best.replicas;

    // Open loop at half the maximum: requests start on schedule whatever the answers do.
    const halfLoad = Math.max(1, Math.round(httpMedian / 2));
    const requestsPerSecond = halfLoad / batchSize;
    const total = Math.max(1, Math.round(requestsPerSecond * latencySeconds));
    const latencies: number[] = [];
    const batches = batchesOf(total * batchSize);
    const started = performance.now();
    await Promise.all(
      batches.map(async (batch, i) => {
        const due = started + (i * 1000) / requestsPerSecond;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
        const sent = performance.now();
        await post(batch);
        latencies.push(performance.now() - sent);
      }),
    );
    agent.destroy();

    const halfLoadFigures = {
      replicas: best.replicas,
      eventsPerSecond: halfLoad,
      requests: latencies.length,
      p50Ms: round(percentile(latencies, 50)),
      p99Ms: round(percentile(latencies, 99)),
      serviceRssIdleMb: idleRss,
      serviceRssPeakMb: peakRss,
      serviceRssEndMb: totalRss(),
    };
    const vsKafkajs = compareCases(
      'eventsPerSecond',
      { case: best.case },
      { scenario: 'raw-kafkajs', case: kafkajsCase },
    );
    const vsOmni = compareCases(
      'eventsPerSecond',
      { case: best.case },
      { scenario: 'raw-omni', case: omniCase },
    );
    const headline = ['eventsPerSecond', 'cpuUsPerEvent', 'machineCpuUsPerEvent'];
    const file = writeBenchResult('ingest-http', {
      startedAt,
      settings: {
        eventsPerRun,
        replicaCounts,
        runs,
        batchSize,
        concurrency,
        latencySeconds,
        serviceEntry: args['service-entry'],
        serviceNodeOptions: args['service-node-options'],
        partitions: 6,
        acks: -1,
        idempotent: true,
        averageEventBytes: Math.round(
          batchesOf(1_000).reduce((bytes, batch) => bytes + batch.body.length, 0) / 1_000,
        ),
      },
      scenarios: [
        {
          id: 'raw-kafkajs',
          title: 'stock kafkajs 2.2.4 (its own produce encoder), the baseline',
          status: 'ok',
          headline,
          cases: [kafkajsCase],
          comparisons: [],
          notes: ['messages as ingest publishes them: same value, key and headers'],
        },
        {
          id: 'raw-omni',
          title: `kafkajs with libs/messaging's produce encoder (CRC-32C: ${CRC32C_IMPLEMENTATION})`,
          status: 'ok',
          headline,
          cases: [omniCase],
          comparisons: [
            compareCases(
              'eventsPerSecond',
              { case: omniCase },
              { scenario: 'raw-kafkajs', case: kafkajsCase },
            ),
          ],
          notes: ['the same messages'],
        },
        {
          id: 'http',
          title: 'HTTP ingest, by replicas sharing the database',
          status: 'ok',
          headline: [...headline, 'loadGeneratorCpuUsPerEvent'],
          cases: httpCases,
          comparisons: [vsKafkajs, vsOmni],
          notes: [`best: ${best.case.name}, the case compared`],
        },
        {
          id: 'half-load',
          title: 'latency at half the best HTTP median, open loop',
          status: 'ok',
          headline: ['p50Ms', 'p99Ms'],
          cases: [scenarioCase(`replicas ${best.replicas}`, [{ metrics: halfLoadFigures }])],
          comparisons: [],
          notes: [
            `service RSS of ${replicaCount} replica(s): idle, peak over the whole bench and at the end`,
            'broker, Postgres, ingest and the load generator share this machine',
          ],
        },
      ],
    });
    console.table([
      ...kafkajsRuns.map((r, i) => ({
        run: String(i + 1),
        'raw kafkajs ev/s': r.eventsPerSecond,
        'raw omni ev/s': omniRuns[i].eventsPerSecond,
        ...Object.fromEntries(
          replicaCounts.map((count) => [
            `http ×${count} ev/s`,
            httpRuns.get(count)![i].eventsPerSecond,
          ]),
        ),
      })),
      {
        run: 'median',
        'raw kafkajs ev/s': kafkajsMedian,
        'raw omni ev/s': omniMedian,
        ...Object.fromEntries(
          httpCases.map((c, i) => [
            `http ×${replicaCounts[i]} ev/s`,
            Math.round(c.medians.eventsPerSecond),
          ]),
        ),
      },
    ]);
    console.log(
      `http (best: ${best.replicas} replica(s)) ${httpMedian} ev/s = ${vsKafkajs.ratio} of raw kafkajs (${vsOmni.ratio} of the omni producer); at ${halfLoad} ev/s: p50 ${halfLoadFigures.p50Ms} ms, p99 ${halfLoadFigures.p99Ms} ms; service RSS idle ${idleRss} MB, peak ${peakRss} MB`,
    );
    console.log(`results written to ${path.relative(root, file)}`);
  } finally {
    clearInterval(sampler);
    for (const replica of replicas) replica.process.child.kill('SIGTERM');
    await Promise.all(replicas.map((replica) => replica.process.exited));
    await raw.disconnect();
    await db.drop();
    await deleteTopics(brokers, [topic]);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
