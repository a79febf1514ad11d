// Pricing: select latency and throughput, rule evaluation on feed events, a CSV import with its
// publication. One fresh schema (the real migrations) and the real app listening on a local
// port; prices are seeded with SQL: per SKU an unscoped price, one per channel and one per
// customer group (members a little lower; none for every tenth SKU, which the rules scenario
// prices, since a markdown below a member price is refused as unfair), in one published list.
// Run (the target's scale: 100,000 SKUs × 6 channels × 4 groups): npx nx run pricing:bench
// Small: npx nx run pricing:bench -- --skus 2000 --select-seconds 5 --rate 500 --feed-events 2000 --import-rows 5000
// Against an older revision (alternating runs): npx nx run bench:compare -- --base <rev>
//   --target pricing:bench --runs 3 '--bench-args=--scenarios select --select-seconds 5'
// Writes bench/results/pricing-<ISO date>.json at the repository root.
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { Session } from 'node:inspector';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { constants, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { GCProfiler } from 'node:v8';
import { HEADERS } from '@omni/contracts';
import type { KafkaProducer } from '@omni/messaging';
import {
  benchArgs,
  benchMain,
  percentile,
  positiveOption,
  round,
  scenarioCase,
  serviceBench,
  type ScenarioResult,
  runHttpLoad,
  type HttpLoadResult,
  floorMetrics,
  startFloorServer,
  startServiceProcess,
  cpuMs,
  type ServiceProcess,
} from '@omni/testing';
import { AppModule } from '../src/app.module';
import { pricingConfig } from '../src/config/pricing-config';
import { migrations } from '../src/migrations';
import { service } from '../src/service';
import { pricingTopics } from '../test/support/pricing-harness';

const { counts, values: args } = benchArgs(
  {
    skus: 100_000,
    'select-seconds': 10,
    'select-runs': 3,
    rate: 2_000,
    concurrency: 32,
    'feed-events': 50_000,
    'import-rows': 100_000,
  },
  {
    scenarios: { type: 'string', default: 'select,rules,csv-import' },
    // What `bench:compare` passes for one run per invocation: the select rounds, over --select-runs.
    runs: { type: 'string' },
    // A sampling heap profile (collected objects included) of the service thread over the first
    // explain: false saturation run, written to this file (open it in Chrome DevTools).
    'heap-profile': { type: 'string' },
    // A CPU profile of the service thread over the first explained saturation run, written to
    // this file (a .cpuprofile: Chrome DevTools or speedscope).
    'cpu-profile': { type: 'string' },
    // Each offered run's latencies, in the order their requests were due (ms, one JSON array
    // a file: explained-<run>.json, checkout-<run>.json, floor-<run>.json), written to this
    // folder: when the slow requests came shows stalls that a percentile hides.
    'latencies-dir': { type: 'string' },
    // The service as its own process (main.ts) on 1 and on this many HTTP threads (ADR 0040),
    // measured in the same rounds as the in-process app; 1 leaves these cases out.
    'http-threads': { type: 'string', default: '2' },
  },
);
const skus = counts.skus;
if (skus < 20) throw new Error(`--skus must be at least 20 (one select asks for 20), got ${skus}`);
const selectSeconds = counts['select-seconds'];
const selectRuns = args.runs === undefined ? counts['select-runs'] : positiveOption(args, 'runs');
const { rate, concurrency } = counts;
const httpThreads = positiveOption(args, 'http-threads');
const feedEvents = counts['feed-events'];
const importRows = counts['import-rows'];
const chosen = new Set(args.scenarios.split(','));
for (const name of chosen)
  if (!['select', 'rules', 'csv-import'].includes(name))
    throw new Error(`--scenarios: unknown scenario ${name}; expected select, rules, csv-import`);

const ADMIN_TOKEN = 'bench-pricing-admin-token';
const CHANNELS = ['tmall', 'jd', 'app', 'web', 'pos', 'douyin'];
const GROUPS = ['silver', 'gold', 'diamond', 'loyal'];
const SKUS_PER_SELECT = 20;
const GC_MINOR = constants.NODE_PERFORMANCE_GC_MINOR;
/** The load generator parses and checks one answer in this many (every one is read to its end). */
const CHECK_EVERY = 64;
/** What a select scenario's result leads with, before the CPU figures. */
const LATENCY_HEADLINE = ['p99Ms', 'floorP99Ms', 'p50Ms', 'saturationRequestsPerSecond'];
/** An offered run's unmeasured first second (ADR 0038), sent before the measured ones. */
const OFFERED_WARMUP_SECONDS = 1;
/** A thread's CPU time (threadCpuUsage, µs) per request, to 0.1 µs. */
const usPerRequest = (usage: NodeJS.CpuUsage, requests: number) =>
  round((usage.user + usage.system) / requests, 1);
const sku = (n: number) => `BENCH-${String(n).padStart(6, '0')}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

benchMain('pricing', async () => {
  const bench = await serviceBench({
    service,
    migrations,
    prefix: 'prc-bench',
    consumerGroupSetting: pricingConfig.feeds.groupId.variable,
    adminToken: ADMIN_TOKEN,
    topics: { ...pricingTopics, feed: { setting: pricingConfig.feeds.topic, partitions: 6 } },
  });
  const { db, producer, topics } = bench;
  const seeding = performance.now();
  await seed(db.dataSource.query.bind(db.dataSource));
  const seedSeconds = round((performance.now() - seeding) / 1000, 1);
  console.log(
    `seeded ${skus.toLocaleString('en')} SKUs × ${CHANNELS.length} channels × ${GROUPS.length} groups in ${seedSeconds} s`,
  );
  const env = {
    PRICING_SALES_CHANNELS: CHANNELS.join(','),
    PRICING_RULE_MIN_INTERVAL_MS: '0',
    PRICING_SELECT_MAX_SKUS: '200',
  };
  // The service as it runs: select from the in-memory catalog, loaded before it listens.
  const loading = performance.now();
  const app = await bench.startApp({
    module: AppModule,
    config: pricingConfig,
    env: { ...env, PRICING_CATALOG_ENABLED: 'true' },
  });
  const catalogLoadSeconds = round((performance.now() - loading) / 1000, 1);
  const heapMb = Math.round(process.memoryUsage().heapUsed / 1_048_576);
  const retainedHeapMb = await retainedHeap();
  console.log(
    `app started with its price catalog loaded in ${catalogLoadSeconds} s (heap ${heapMb} MB, ${retainedHeapMb} MB after a full GC)`,
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  // The baseline in the same run: a second instance selecting from the database (the SQL path).
  const sqlApp = await bench.startApp({
    module: AppModule,
    config: pricingConfig,
    env: {
      ...env,
      PRICING_CATALOG_ENABLED: 'false',
      PRICING_FEED_CONSUMER_ENABLED: 'false',
      OUTBOX_RELAY_ENABLED: 'false',
      PRICING_RULE_TICK_MS: '0',
    },
  });
  await sqlApp.listen({ port: 0, host: '127.0.0.1' });
  const sqlBase = `http://127.0.0.1:${(sqlApp.getHttpServer().address() as AddressInfo).port}`;
  const auth = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
  const scenarios: ScenarioResult[] = [];
  // The service as it is deployed: main.ts in a process of its own, with the V8 settings of
  // `npm start`, on one HTTP thread and on --http-threads (only for the select scenario).
  const processes: ServiceProcess[] = [];
  try {
    if (chosen.has('select') && httpThreads > 1)
      for (const threads of [1, httpThreads])
        processes.push(
          await startThreadedProcess(
            { ...bench.env, ...env, PRICING_CATALOG_ENABLED: 'true' },
            threads,
          ),
        );
    if (chosen.has('select'))
      scenarios.push(
        ...(await selectScenario(base, sqlBase, auth, processes, {
          seedSeconds,
          catalogLoadSeconds,
          heapMb,
          retainedHeapMb,
        })),
      );
    if (chosen.has('rules'))
      scenarios.push(
        await rulesScenario(
          db.dataSource.query.bind(db.dataSource),
          producer,
          topics.feed,
          bench.name,
        ),
      );
    if (chosen.has('csv-import')) scenarios.push(await importScenario(base, auth));

    return {
      settings: {
        skus,
        channels: CHANNELS.length,
        groups: GROUPS.length,
        selectSeconds,
        selectRuns,
        rate,
        concurrency,
        feedEvents,
        importRows,
        scenarios: [...chosen].join(','),
        skusPerSelect: SKUS_PER_SELECT,
      },
      scenarios,
    };
  } finally {
    for (const proc of processes) await proc.stop();
    await sqlApp.close();
    await app.close();
    await bench.drop();
  }
});

/** A GET on a connection of its own (no keep-alive agent); resolves when the answer has ended. */
const getOnItsOwn = (url: string) =>
  new Promise<void>((resolve, reject) =>
    httpGet(url, { agent: false }, (response) => response.resume().on('end', resolve)).on(
      'error',
      reject,
    ),
  );

/**
 * pricing's main.ts as a process of its own on `threads` HTTP threads, resolved once every
 * thread serves: with more than one, once responses on fresh connections have come from each.
 */
async function startThreadedProcess(
  env: Record<string, string>,
  threads: number,
): Promise<ServiceProcess> {
  const started = performance.now();
  const proc = await startServiceProcess(
    'apps/pricing/src/main.ts',
    {
      ...env,
      PRICING_HTTP_THREADS: String(threads),
      LOG_LEVEL: 'warn',
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-semi-space-size=32`.trim(),
    },
    { waitFor: '/health/ready', waitForMs: 300_000 },
  );
  if (threads > 1) {
    const deadline = Date.now() + 300_000;
    for (;;) {
      // A connection of its own each, so the kernel spreads them over the listening threads.
      await Promise.all(
        Array.from({ length: 4 * threads }, () => getOnItsOwn(proc.url('/health/live'))),
      );
      const serving = (await servedByThread(proc)).size;
      if (serving >= threads) break;
      if (Date.now() > deadline)
        throw new Error(`only ${serving} of ${threads} HTTP threads serve`);
      await sleep(500);
    }
  }
  console.log(
    `service process on ${threads} HTTP thread${threads > 1 ? 's' : ''} serving in ${round((performance.now() - started) / 1000, 1)} s`,
  );
  return proc;
}

type Query = (sql: string, parameters?: unknown[]) => Promise<unknown>;

async function seed(query: Query) {
  await query(
    `INSERT INTO price_lists (id, name, status, created_at, published_at) VALUES ('pl_bench', 'bench', 'published', now(), now())`,
  );
  await query(
    `INSERT INTO sku_settings (sku, currency, cost, min_margin_ppm, floor, ceiling, updated_at)
     SELECT 'BENCH-' || lpad(n::text, 6, '0'), 'CNY', 5000, 200000, 6250, 50000, now() FROM generate_series(0, $1::int - 1) n`,
    [skus],
  );
  await query(
    `INSERT INTO prices (id, price_list_id, sku, currency, amount, channel, customer_group)
     SELECT 'pb_' || n || '_' || coalesce(c, '') || '_' || coalesce(g, ''), 'pl_bench', 'BENCH-' || lpad(n::text, 6, '0'), 'CNY',
            10000 + (n % 500) - CASE WHEN g IS NULL THEN 0 ELSE 300 END + CASE WHEN c IS NULL THEN 0 ELSE 50 END,
            c, g
     FROM generate_series(0, $1::int - 1) n,
          (SELECT unnest($2::text[]) AS c UNION ALL SELECT NULL) cs,
          (SELECT unnest($3::text[]) AS g UNION ALL SELECT NULL) gs
     WHERE (c IS NULL OR g IS NULL) AND (g IS NULL OR n % 10 <> 0)`,
    [skus, CHANNELS, GROUPS],
  );
  await query(`ANALYZE prices`);
  await query(`ANALYZE price_lists`);
}

function selectBody(n: number, explain = true) {
  const chosen = Array.from({ length: SKUS_PER_SELECT }, (_, i) =>
    sku((n * 7_919 + i * 104_729) % skus),
  );
  return JSON.stringify({
    skus: chosen,
    currency: 'CNY',
    channel: CHANNELS[n % CHANNELS.length],
    customerGroups: n % 2 === 0 ? [GROUPS[n % GROUPS.length]] : [],
    ...(explain ? {} : { explain: false }),
  });
}

/**
 * What the service thread's heap took between `heapAccounting()` and `stop()`: bytes allocated
 * (the used heap before each GC less the used heap after the previous one), scavenges,
 * mark-compacts, and what scavenges left in the heap (promoted, roughly: used after less used
 * before, less what the young generation kept).
 */
function heapAccounting() {
  const profiler = new GCProfiler();
  const usedAtStart = process.memoryUsage().heapUsed;
  profiler.start();
  return {
    stop() {
      const usedAtEnd = process.memoryUsage().heapUsed;
      const { statistics } = profiler.stop();
      let allocatedBytes = 0;
      let used = usedAtStart;
      let scavenges = 0;
      let markCompacts = 0;
      let promotedBytes = 0;
      for (const { gcType, beforeGC, afterGC } of statistics) {
        allocatedBytes += Math.max(0, beforeGC.heapStatistics.usedHeapSize - used);
        used = afterGC.heapStatistics.usedHeapSize;
        if (gcType === 'Scavenge') {
          scavenges += 1;
          promotedBytes += Math.max(
            0,
            oldSpaceUsed(afterGC.heapSpaceStatistics) - oldSpaceUsed(beforeGC.heapSpaceStatistics),
          );
        } else if (gcType === 'MarkSweepCompact') markCompacts += 1;
      }
      allocatedBytes += Math.max(0, usedAtEnd - used);
      return { allocatedBytes, scavenges, markCompacts, promotedBytes };
    },
  };
}

const oldSpaceUsed = (spaces: { spaceName: string; spaceUsedSize: number }[]) =>
  spaces.find((space) => space.spaceName === 'old_space')?.spaceUsedSize ?? 0;

/** An inspector session on this thread, its `post` as a promise. */
function inspectorSession() {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, params, (error, result) =>
        error === null ? resolve(result) : reject(error),
      ),
    );
  return { post, disconnect: () => session.disconnect() };
}

/**
 * A profiler of this thread through an inspector session: `start` posted now, `stop` posted
 * when asked, its answer's `profile` returned.
 */
function profiling(start: [string, object?][], stop: string) {
  const session = inspectorSession();
  const started = start.reduce<Promise<unknown>>(
    (before, [method, params]) => before.then(() => session.post(method, params)),
    Promise.resolve(),
  );
  return {
    async stop() {
      await started;
      const { profile } = (await session.post(stop)) as { profile: unknown };
      session.disconnect();
      return profile;
    },
  };
}

/** The used heap in MB after a full collection (through the inspector: no --expose-gc). */
async function retainedHeap(): Promise<number> {
  const session = inspectorSession();
  try {
    await session.post('HeapProfiler.collectGarbage');
  } finally {
    session.disconnect();
  }
  return Math.round(process.memoryUsage().heapUsed / 1_048_576);
}

/** V8's sampling CPU profiler on this thread, sampling every 100 µs. */
const startCpuProfile = () =>
  profiling(
    [['Profiler.enable'], ['Profiler.setSamplingInterval', { interval: 100 }], ['Profiler.start']],
    'Profiler.stop',
  );

/** V8's sampling heap profiler on this thread, keeping samples of objects GC has collected. */
const startHeapSampling = () =>
  profiling(
    [
      [
        'HeapProfiler.startSampling',
        {
          samplingInterval: 16_384,
          includeObjectsCollectedByMajorGC: true,
          includeObjectsCollectedByMinorGC: true,
        },
      ],
    ],
    'HeapProfiler.stopSampling',
  );

/** Runs the select load from a child process against `url` (the kit's runHttpLoad). */
function load(
  url: string,
  mode: 'saturation' | 'offered',
  explain = true,
): Promise<HttpLoadResult> {
  return runHttpLoad({
    port: Number(new URL(url).port),
    path: '/v1/prices/select',
    token: ADMIN_TOKEN,
    bodies: Array.from({ length: 1_000 }, (_, n) => selectBody(n, explain)),
    mode,
    seconds: selectSeconds,
    rate,
    concurrency,
    checkEvery: CHECK_EVERY,
    check: path.join(__dirname, 'select-check.cjs'),
    warmupSeconds: OFFERED_WARMUP_SECONDS,
  });
}

/** What the load process says of itself in an offered run: its delay, how late it sent, its CPU. */
const loadMetrics = (offered: HttpLoadResult) => ({
  loadEventLoopDelayP99Ms: round(offered.delayP99Ms ?? 0, 2),
  loadSendLateP99Ms: round(offered.sendLateP99Ms ?? 0, 2),
  loadCpuUsPerRequest: offered.cpuUsPerRequest,
});

/** Requests each HTTP thread of a service process has served (omni_http_thread_requests_total). */
async function servedByThread(proc: ServiceProcess): Promise<Map<string, number>> {
  const text = await (await fetch(proc.url('/metrics'))).text();
  const served = new Map<string, number>();
  for (const [, thread, count] of text.matchAll(
    /^omni_http_thread_requests_total\{thread="(\d+)"[^}]*\} (\d+)$/gm,
  ))
    served.set(thread, (served.get(thread) ?? 0) + Number(count));
  return served;
}

/**
 * The busiest thread's share of the requests served between two servedByThread readings: 1 on
 * one thread, which has no per-thread counter.
 */
function busiestShare(before: Map<string, number>, after: Map<string, number>): number {
  const deltas = [...after].map(([thread, count]) => count - (before.get(thread) ?? 0));
  const total = deltas.reduce((sum, delta) => sum + delta, 0);
  return total === 0 ? 1 : round(Math.max(...deltas) / total, 2);
}

async function selectScenario(
  base: string,
  sqlBase: string,
  auth: Record<string, string>,
  processes: readonly ServiceProcess[],
  startup: {
    seedSeconds: number;
    catalogLoadSeconds: number;
    heapMb: number;
    retainedHeapMb: number;
  },
): Promise<ScenarioResult[]> {
  for (const url of [base, sqlBase, ...processes.map((proc) => proc.url())])
    for (let n = 0; n < 200; n++) {
      const response = await fetch(`${url}/v1/prices/select`, {
        method: 'POST',
        headers: auth,
        body: selectBody(n),
      });
      const body = (await response.json()) as { prices?: { status: string }[] };
      if (response.status !== 200 || body.prices?.some((p) => p.status !== 'priced'))
        throw new Error(
          `select answered ${response.status}: ${JSON.stringify(body).slice(0, 300)}`,
        );
    }
  // The floor (ADR 0036): a bare server in a child process answering a real explained answer.
  const floor = await startFloorServer(
    await (
      await fetch(`${base}/v1/prices/select`, {
        method: 'POST',
        headers: auth,
        body: selectBody(0),
      })
    ).text(),
  );
  const catalogRuns: { metrics: Record<string, number> }[] = [];
  const checkoutRuns: { metrics: Record<string, number> }[] = [];
  const sqlRuns: { metrics: Record<string, number> }[] = [];
  let heapProfile = args['heap-profile'];
  let cpuProfile = args['cpu-profile'];
  const latenciesDir = args['latencies-dir'];
  if (latenciesDir !== undefined) mkdirSync(latenciesDir, { recursive: true });
  const keepLatencies = (name: string, latencies: readonly number[]) => {
    if (latenciesDir !== undefined)
      writeFileSync(path.join(latenciesDir, `${name}.json`), JSON.stringify(latencies));
  };
  const measure = async (explain: boolean, run: number) => {
    // The service's own thread (the load generator runs on another): CPU per request depends
    // far less than throughput on what else the shared machine runs.
    const profiling = !explain && heapProfile !== undefined ? startHeapSampling() : undefined;
    const cpuProfiling = explain && cpuProfile !== undefined ? startCpuProfile() : undefined;
    const heapBefore = heapAccounting();
    const cpuBefore = process.threadCpuUsage();
    const saturated = await load(base, 'saturation', explain);
    const cpu = process.threadCpuUsage(cpuBefore);
    const heapSaturated = heapBefore.stop();
    if (profiling !== undefined) {
      writeFileSync(heapProfile!, JSON.stringify(await profiling.stop()));
      console.log(`heap profile of the explain: false saturation run written to ${heapProfile}`);
      heapProfile = undefined;
    }
    if (cpuProfiling !== undefined) {
      writeFileSync(cpuProfile!, JSON.stringify(await cpuProfiling.stop()));
      console.log(`CPU profile of the explained saturation run written to ${cpuProfile}`);
      cpuProfile = undefined;
    }
    // The service thread's stalls during the offered run, to tell them from queueing: the
    // interval between ticks of a 1 ms timer, and the GC pauses.
    const delay = monitorEventLoopDelay({ resolution: 1 });
    const pauses: number[] = [];
    let scavengePauseMs = 0;
    const gc = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        pauses.push(entry.duration);
        if ((entry as { detail?: { kind?: number } }).detail?.kind === GC_MINOR)
          scavengePauseMs += entry.duration;
      }
    });
    gc.observe({ entryTypes: ['gc'] });
    delay.enable();
    const heapOffered = heapAccounting();
    const offeredCpuBefore = process.threadCpuUsage();
    const offered = await load(base, 'offered', explain);
    const offeredCpu = process.threadCpuUsage(offeredCpuBefore);
    const heap = heapOffered.stop();
    delay.disable();
    gc.disconnect();
    const latencies = [...(offered.latencies ?? [])];
    keepLatencies(`${explain ? 'explained' : 'checkout'}-${run + 1}`, latencies);
    const p99Ms = round(percentile(latencies, 99), 2);
    let floored: Partial<ReturnType<typeof floorMetrics>> = {};
    if (explain) {
      const floorLatencies = [...((await load(floor.url, 'offered', explain)).latencies ?? [])];
      keepLatencies(`floor-${run + 1}`, floorLatencies);
      floored = floorMetrics(p99Ms, floorLatencies);
    }
    return {
      p50Ms: round(percentile(latencies, 50), 2),
      p99Ms,
      ...floored,
      eventLoopDelayP99Ms: round(delay.percentile(99) / 1e6, 2),
      eventLoopDelayMaxMs: round(delay.max / 1e6, 2),
      gcPauseMaxMs: round(Math.max(0, ...pauses), 2),
      gcPauseTotalMs: round(
        pauses.reduce((sum, pause) => sum + pause, 0),
        1,
      ),
      scavengesPerSecond: round(heap.scavenges / offered.seconds, 1),
      markCompactsPerSecond: round(heap.markCompacts / offered.seconds, 2),
      allocatedKbPerRequest: round(heapSaturated.allocatedBytes / saturated.done / 1024, 1),
      promotedKbPerScavenge: round(heap.promotedBytes / Math.max(1, heap.scavenges) / 1024, 1),
      gcScavengePauseTotalMs: round(scavengePauseMs, 1),
      ...loadMetrics(offered),
      achievedRequestsPerSecond: round(offered.done / offered.seconds),
      saturationRequestsPerSecond: round(saturated.done / saturated.seconds),
      serviceCpuUsPerRequest: usPerRequest(cpu, saturated.done),
      offeredServiceCpuUsPerRequest: usPerRequest(
        offeredCpu,
        offered.done + Math.round(rate * OFFERED_WARMUP_SECONDS),
      ),
    };
  };
  // The service process (main.ts) on N HTTP threads: its latency, throughput and the whole
  // process's CPU (every thread's) per request, from /proc.
  const processRuns = processes.map(() => [] as { metrics: Record<string, number> }[]);
  const measureProcess = async (proc: ServiceProcess, threads: number, run: number) => {
    const pid = proc.child.pid!;
    const saturatedCpuBefore = cpuMs(pid);
    const saturated = await load(proc.url(), 'saturation', true);
    const saturatedCpuMs = cpuMs(pid) - saturatedCpuBefore;
    const servedBefore = await servedByThread(proc);
    const offeredCpuBefore = cpuMs(pid);
    const offered = await load(proc.url(), 'offered', true);
    const offeredCpuMs = cpuMs(pid) - offeredCpuBefore;
    const servedAfter = await servedByThread(proc);
    const latencies = [...(offered.latencies ?? [])];
    keepLatencies(`process-${threads}-threads-${run + 1}`, latencies);
    const offeredRequests = offered.done + Math.round(rate * OFFERED_WARMUP_SECONDS);
    return {
      p50Ms: round(percentile(latencies, 50), 2),
      p99Ms: round(percentile(latencies, 99), 2),
      achievedRequestsPerSecond: round(offered.done / offered.seconds),
      saturationRequestsPerSecond: round(saturated.done / saturated.seconds),
      processCpuUsPerRequest: round((saturatedCpuMs * 1000) / saturated.done, 1),
      offeredProcessCpuUsPerRequest: round((offeredCpuMs * 1000) / offeredRequests, 1),
      busiestThreadShare: busiestShare(servedBefore, servedAfter),
      ...loadMetrics(offered),
    };
  };
  const processThreads = (index: number) => (index === 0 ? 1 : httpThreads);
  // Alternating runs, so every case sees the same noise of the shared machine.
  for (let run = 0; run < selectRuns; run++) {
    const explained = await measure(true, run);
    const byProcess: Record<string, number>[] = [];
    for (const [index, proc] of processes.entries()) {
      const measured = await measureProcess(proc, processThreads(index), run);
      byProcess.push(measured);
      processRuns[index].push({
        metrics: { ...measured, floorP99Ms: explained.floorP99Ms ?? Number.NaN },
      });
    }
    const checkout = await measure(false, run);
    const sqlSaturated = await load(sqlBase, 'saturation');
    catalogRuns.push({ metrics: { ...explained, ...startup } });
    checkoutRuns.push({ metrics: checkout });
    sqlRuns.push({
      metrics: { saturationRequestsPerSecond: round(sqlSaturated.done / sqlSaturated.seconds) },
    });
    console.log(
      `select run ${run + 1}: saturation explained ${explained.saturationRequestsPerSecond} req/s, checkout (explain: false) ${checkout.saturationRequestsPerSecond}, database path ${round(sqlSaturated.done / sqlSaturated.seconds)}; at ${rate}/s offered: p99 explained ${explained.p99Ms} ms (floor ${explained.floorP99Ms} ms; service thread ${explained.offeredServiceCpuUsPerRequest} µs a request), checkout ${checkout.p99Ms} ms (${checkout.offeredServiceCpuUsPerRequest} µs a request; event-loop delay p99 ${checkout.eventLoopDelayP99Ms} ms, max ${checkout.eventLoopDelayMaxMs} ms; GC pauses max ${checkout.gcPauseMaxMs} ms, ${checkout.gcPauseTotalMs} ms in all, ${checkout.scavengesPerSecond} scavenges/s; ${checkout.allocatedKbPerRequest} KB allocated a request; load process delay p99 ${checkout.loadEventLoopDelayP99Ms} ms; explained requests sent p99 ${explained.loadSendLateP99Ms} ms late)`,
    );
    for (const [index, measured] of byProcess.entries())
      console.log(
        `  service process, ${processThreads(index)} HTTP thread(s), explained: saturation ${measured.saturationRequestsPerSecond} req/s (${measured.processCpuUsPerRequest} µs of process CPU a request); at ${rate}/s offered p99 ${measured.p99Ms} ms, p50 ${measured.p50Ms} ms (${measured.offeredProcessCpuUsPerRequest} µs a request; busiest thread ${measured.busiestThreadShare} of them; sent p99 ${measured.loadSendLateP99Ms} ms late)`,
      );
  }
  await floor.close();
  const catalogCase = scenarioCase(`catalog, explained, offered ${rate}/s`, catalogRuns);
  const checkoutCase = scenarioCase(`catalog, explain: false, offered ${rate}/s`, checkoutRuns);
  const sqlCase = scenarioCase('database path', sqlRuns);
  const notes = [
    `the load generator is a child process of the bench (it was a worker thread of the service's process, with undici, before the result files that have allocatedKbPerRequest): ${concurrency} keep-alive connections, every request's bytes built beforehand, each answer read as its status and length, one in ${CHECK_EVERY} parsed and checked; it shares the 2 cores with the service and Postgres`,
    'latency counts from when a request was due, so a backlog shows (no coordinated omission)',
    'floorP50Ms, floorP99Ms (explained case): the floor (ADR 0036), a bare node:http server in a child process answering every request with one real explained answer’s bytes, under the same load process at the same rate right after each explained offered run; p99OverFloor = p99Ms / floorP99Ms',
    'half the requests are for a member group, which adds the fairness guard’s baseline selection',
    'explained: every losing candidate with its reason (the default); explain: false is the checkout path, the same prices without that list',
    'loadEventLoopDelayP99Ms: the same for the load generator’s process, whose stalls delay sending (and count in the latency)',
    'loadSendLateP99Ms: the p99 of how late the load process sent each measured request after it was due (0 when on time), the generator’s own part of the tail; loadCpuUsPerRequest: its CPU time per request',
    'eventLoopDelay*: the interval between ticks of a 1 ms timer on the service thread during the offered run (about 1.1 ms when nothing holds the thread; a burst of queued requests also delays it); gcPause*: the service thread’s GC pauses then, gcScavengePauseTotalMs the scavenges’ part of them',
    'allocatedKbPerRequest: what the service thread allocated on its heap over the saturation run (used heap before each GC less used heap after the previous one, V8 GCProfiler), per request; scavengesPerSecond, markCompactsPerSecond and promotedKbPerScavenge (old-space growth across a scavenge) over the offered run',
    'serviceCpuUsPerRequest: CPU time of the thread the service runs on (user + system, HTTP and selection, also the idle SQL-path instance’s timers) over the saturation run, per request; offeredServiceCpuUsPerRequest: the same over the offered run (its warm-up second included, its requests too), where the thread goes idle between requests and each one costs more than back to back: this, times the rate, is how busy the offered rate keeps the thread',
    'seedSeconds, catalogLoadSeconds (app start with its catalog loaded from Postgres), heapMb (used heap then, with the garbage of the load) and retainedHeapMb (used heap after a full GC: what the process keeps, the catalog most of it) are measured once, before the runs',
  ];
  return [
    {
      id: 'select',
      title: `POST /v1/prices/select for ${SKUS_PER_SELECT} SKUs over HTTP on one process, from the in-memory catalog`,
      status: 'ok',
      headline: [...LATENCY_HEADLINE, 'serviceCpuUsPerRequest', 'offeredServiceCpuUsPerRequest'],
      cases: [catalogCase, checkoutCase],
      comparisons: [
        {
          metric: 'saturationRequestsPerSecond',
          baselineScenario: 'select',
          baselineCase: catalogCase.name,
          ratio: round(
            checkoutCase.medians.saturationRequestsPerSecond /
              catalogCase.medians.saturationRequestsPerSecond,
            2,
          ),
        },
        {
          metric: 'saturationRequestsPerSecond',
          baselineScenario: 'select-database',
          baselineCase: 'database path',
          ratio: round(
            catalogCase.medians.saturationRequestsPerSecond /
              sqlCase.medians.saturationRequestsPerSecond,
            2,
          ),
        },
      ],
      notes,
    },
    ...threadsScenario(processRuns),
    {
      id: 'select-database',
      title: `the same select read from Postgres (PRICING_CATALOG_ENABLED=false), a second instance in the same run`,
      status: 'ok',
      headline: ['saturationRequestsPerSecond'],
      cases: [sqlCase],
      comparisons: [],
      notes: ['the SQL path select used before the catalog: one statement per request'],
    },
  ];
}

/**
 * The select on the service's own process, one HTTP thread against --http-threads (ADR 0040),
 * from runs that alternate with the in-process cases: the ratios are of the same rounds.
 */
function threadsScenario(
  processRuns: readonly { metrics: Record<string, number> }[][],
): ScenarioResult[] {
  if (processRuns.length < 2) return [];
  const [one, many] = [
    scenarioCase(`service process, 1 HTTP thread, explained, offered ${rate}/s`, processRuns[0]),
    scenarioCase(
      `service process, ${httpThreads} HTTP threads, explained, offered ${rate}/s`,
      processRuns[1],
    ),
  ];
  const ratio = (metric: string) => ({
    metric,
    baselineScenario: 'select-threads',
    baselineCase: one.name,
    ratio: round(many.medians[metric] / one.medians[metric], 2),
  });
  return [
    {
      id: 'select-threads',
      title: `POST /v1/prices/select for ${SKUS_PER_SELECT} SKUs on pricing's own process (main.ts, tracing on as deployed, no exporter), on 1 and on ${httpThreads} HTTP threads`,
      status: 'ok',
      headline: [...LATENCY_HEADLINE, 'processCpuUsPerRequest', 'offeredProcessCpuUsPerRequest'],
      cases: [one, many],
      comparisons: [
        ratio('p99Ms'),
        ratio('saturationRequestsPerSecond'),
        ratio('processCpuUsPerRequest'),
      ],
      notes: [
        `each a process of its own started before the runs (NODE_OPTIONS=--max-semi-space-size=32, as npm start runs services), measured in every round right after the in-process explained case, with the same load process, bodies and rate; the ${httpThreads}-thread process listens on one port from ${httpThreads} threads (SO_REUSEPORT), the kernel spreading the load's ${concurrency} connections over them`,
        'floorP99Ms: the floor of the same round (measured after the in-process explained case)',
        'processCpuUsPerRequest, offeredProcessCpuUsPerRequest: the whole process’s CPU (every thread, GC and Kafka client included) over the saturation and the offered run, from /proc in 10 ms ticks, per request',
        'busiestThreadShare: the busiest HTTP thread’s share of the offered run’s requests (omni_http_thread_requests_total from /metrics before and after it; 1 on one thread): how evenly the kernel spread the connections',
      ],
    },
  ];
}

async function rulesScenario(
  query: Query,
  producer: KafkaProducer,
  topic: string,
  group: string,
): Promise<ScenarioResult> {
  // Every tenth SKU: those without member prices (see seed).
  const ruled = Math.min(Math.floor(skus / 10), Math.max(100, Math.ceil(feedEvents / 10)));
  await query(
    `INSERT INTO pricing_rules (id, sku, rule, args, channel, priority, enabled, created_at)
     SELECT 'rb_c_' || n, 'BENCH-' || lpad(n::text, 6, '0'), 'competitor', '{"beatBy":10,"maxAgeMinutes":1440,"maxReduction":3000}'::jsonb, NULL, 1, true, now()
     FROM generate_series(0, $1::int - 1) m, LATERAL (SELECT m * 10 AS n) t
     UNION ALL
     SELECT 'rb_s_' || n, 'BENCH-' || lpad(n::text, 6, '0'), 'stock', '{"overstockDaysOfCover":90,"overstockChangeBp":-500,"clearanceBelowUnits":5,"clearanceChangeBp":-2000}'::jsonb, NULL, 2, true, now()
     FROM generate_series(0, $1::int - 1) m, LATERAL (SELECT m * 10 AS n) t`,
    [ruled],
  );
  const now = Date.now();
  const events = Array.from({ length: feedEvents }, (_, i) => {
    const target = sku((i % ruled) * 10);
    const occurredAt = new Date(now + i).toISOString();
    const eventId = randomUUID();
    const inventory = i % 2 === 0;
    return {
      key: target,
      headers: {
        [HEADERS.eventType]: inventory ? 'inventory.snapshot' : 'competitor.price-observed',
        [HEADERS.eventVersion]: '1',
      },
      value: {
        eventId,
        type: inventory ? 'inventory.snapshot' : 'competitor.price-observed',
        version: 1,
        occurredAt,
        channel: 'pos',
        identifiers: {},
        correlationId: eventId,
        causationId: eventId,
        payload: inventory
          ? { sku: target, storeId: `S${i % 7}`, onHand: (i * 37) % 400 }
          : {
              sku: target,
              competitor: `C${i % 3}`,
              price: { amount: 9_000 + (i % 900), currency: 'CNY' },
              observedAt: occurredAt,
            },
      },
    };
  });
  const started = performance.now();
  for (let i = 0; i < events.length; i += 5_000)
    await producer.send(topic, events.slice(i, i + 5_000));
  for (;;) {
    const [{ n }] = (await query(`SELECT count(*)::int AS n FROM inbox WHERE consumer_group = $1`, [
      group,
    ])) as { n: number }[];
    if (n >= feedEvents) break;
    if (performance.now() - started > 600_000)
      throw new Error(`only ${n} of ${feedEvents} feed events consumed in 10 minutes`);
    await sleep(200);
  }
  const seconds = (performance.now() - started) / 1000;
  const [counts] = (await query(
    `SELECT (SELECT count(*) FROM audit_log WHERE action LIKE 'rule.%')::int AS results,
            (SELECT count(*) FROM audit_log WHERE action IN ('rule.applied', 'rule.clamped'))::int AS applied,
            (SELECT count(*) FROM effective_prices WHERE source LIKE 'rule%')::int AS history,
            (SELECT coalesce(sum(messages), 0) FROM outbox)::int AS outbox_messages`,
  )) as { results: number; applied: number; history: number; outbox_messages: number }[];
  console.log(
    `rules: ${feedEvents} feed events in ${round(seconds, 1)} s = ${round(feedEvents / seconds)} events/s; ${counts.results} audited results, ${counts.applied} applied`,
  );
  return {
    id: 'rules',
    title:
      'rule evaluation on inventory snapshots and competitor prices, from Kafka to audited and published results',
    status: 'ok',
    headline: ['eventsPerSecond', 'auditedResults', 'appliedResults'],
    cases: [
      scenarioCase('default', [
        {
          metrics: {
            eventsPerSecond: round(feedEvents / seconds),
            seconds: round(seconds, 1),
            auditedResults: counts.results,
            appliedResults: counts.applied,
            historyRows: counts.history,
          },
          details: { ruledSkus: ruled, feedEvents, outboxMessagesWritten: counts.outbox_messages },
        },
      ]),
    ],
    comparisons: [],
    notes: [
      'rules run once per SKU per consumed batch, on the latest signals, so results are fewer than events',
      'each applied result writes the effective-price history of every channel × group scope of its SKU and publishes price.changed for each change',
      'seconds run from the first produce to the last event recorded in the inbox',
    ],
  };
}

async function importScenario(base: string, auth: Record<string, string>): Promise<ScenarioResult> {
  const created = await fetch(`${base}/v1/price-lists`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ name: 'bench import', actor: 'bench', reason: 'bench' }),
  });
  const listId = ((await created.json()) as { id: string }).id;
  const lines = ['sku,amount,currency,channel'];
  for (let i = 0; i < importRows; i++)
    lines.push(
      `IMPORT-${String(i).padStart(7, '0')},${12_000 + (i % 700)},CNY,${i % 2 === 0 ? 'jd' : ''}`,
    );
  const csv = `${lines.join('\n')}\n`;
  const started = performance.now();
  const accepted = await fetch(
    `${base}/v1/price-lists/${listId}/imports/csv?reason=bench&publish=true`,
    {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/csv', 'x-omni-actor': 'bench' },
      body: csv,
    },
  );
  const job = (await accepted.json()) as { id: string };
  if (accepted.status !== 202)
    throw new Error(`import answered ${accepted.status}: ${JSON.stringify(job)}`);
  let status: { status: string; failure: unknown };
  for (;;) {
    status = (await (
      await fetch(`${base}/v1/imports/${job.id}`, { headers: auth })
    ).json()) as typeof status;
    if (status.status !== 'running') break;
    await sleep(100);
  }
  const seconds = (performance.now() - started) / 1000;
  if (status.status !== 'completed')
    throw new Error(`import ${status.status}: ${JSON.stringify(status.failure)}`);
  console.log(`import: ${importRows} CSV rows imported and published in ${round(seconds, 1)} s`);
  return {
    id: 'csv-import',
    title: `a ${importRows.toLocaleString('en')}-row CSV import with its publication`,
    status: 'ok',
    headline: ['wallSeconds', 'rowsPerSecond'],
    cases: [
      scenarioCase('default', [
        {
          metrics: {
            wallSeconds: round(seconds, 2),
            rowsPerSecond: round(importRows / seconds),
            csvBytes: Buffer.byteLength(csv),
          },
        },
      ]),
    ],
    comparisons: [],
    notes: [
      'from the request to the job reporting completed: upload, validation, insert, checks, publication, history and price.changed for every sales channel',
    ],
  };
}
