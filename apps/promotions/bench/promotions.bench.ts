// Promotions: POST /v1/quotes for 20 lines against 100 live promotions (10 campaigns, made
// through the admin API) with 10 coupon codes in the cart: throughput at saturation, then
// latency at a fixed offered rate; and redemptions recorded per second from order.placed on
// Kafka. One fresh schema (the real migrations), the real app on a local port; prices are
// seeded into the read model with SQL.
// Run (the target's scale: 20 lines, 100 live promotions, 10 coupon codes): npx nx run promotions:bench
// Small: npx nx run promotions:bench -- --quote-seconds 3 --rate 200 --orders 500 --runs 1
// Quote workers against none, alternating in one invocation: -- --workers 0,1 (one app per
// setting on the same schema; each run quotes on every app in turn, the order rotated per run).
// Writes bench/results/promotions-<ISO date>.json at the repository root.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { HEADERS } from '@omni/contracts';
import type { KafkaProducer } from '@omni/messaging';
import {
  benchArgs,
  benchMain,
  compareCases,
  percentile,
  round,
  floorMetrics,
  scenarioCase,
  startFloorServer,
  type ScenarioResult,
} from '@omni/testing';
import { SERVICE_CONFIG } from '@omni/platform';
import { AppModule } from '../src/app.module';
import { promotionsConfig, type PromotionsConfig } from '../src/config/promotions-config';
import {
  ADMIN_TOKEN,
  CAMPAIGNS,
  CODES,
  LINES,
  PROMOTIONS_PER_CAMPAIGN,
  promotionsBench,
  quoteBody,
  quoteOnce,
  seed,
  sku,
  sleep,
  startQuoteLoad,
  threadCpuMs,
  type Query,
} from './quote-workload';

const { counts, values } = benchArgs(
  {
    'quote-seconds': 10,
    rate: 1_000,
    concurrency: 32,
    orders: 5_000,
    runs: 3,
  },
  { workers: { type: 'string' } },
);
const quoteSeconds = counts['quote-seconds'];
const { rate, concurrency, orders, runs } = counts;
/** PROMOTIONS_QUOTE_WORKERS of each app; undefined: one app with the environment's setting. */
const workerSettings = (values.workers?.split(',') ?? [undefined]).map((text) => {
  if (text === undefined) return undefined;
  if (!/^[0-9]$/.test(text.trim()))
    throw new Error(`--workers: expected e.g. 0,1, got ${values.workers}`);
  return text.trim();
});

benchMain('promotions', async () => {
  const bench = await promotionsBench('prm-bench', { resolved: 6, redemptions: 3 });
  const { db, producer, topics } = bench;
  const apps = [];
  for (const workers of workerSettings) {
    const app = await bench.startApp({
      module: AppModule,
      config: promotionsConfig,
      env: workers === undefined ? {} : { PROMOTIONS_QUOTE_WORKERS: workers },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    apps.push({
      app,
      workers: app.get<PromotionsConfig>(SERVICE_CONFIG).quotes.workers,
      base: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`,
    });
  }
  const quoteWorkers = apps.map(({ workers }) => workers);
  const auth = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
  try {
    await seed(apps[0]!.app, db.dataSource.query.bind(db.dataSource));
    const quoteRuns = apps.map(() => [] as Awaited<ReturnType<typeof quoteRun>>[]);
    const redemptionRuns = [];
    for (let run = 0; run < runs; run++) {
      for (let turn = 0; turn < apps.length; turn++) {
        const index = (run + turn) % apps.length;
        quoteRuns[index]!.push(await quoteRun(apps[index]!.base, auth));
      }
      redemptionRuns.push(
        await redemptionRun(
          db.dataSource.query.bind(db.dataSource),
          producer,
          topics.resolvedEvents,
          run,
        ),
      );
    }
    const quoteCases = apps.map(({ workers }, index) =>
      scenarioCase(
        apps.length === 1
          ? `offered ${rate}/s`
          : `offered ${rate}/s, PROMOTIONS_QUOTE_WORKERS=${workers}`,
        quoteRuns[index]!,
      ),
    );
    const scenarios: ScenarioResult[] = [
      {
        id: 'quote',
        title: `POST /v1/quotes: ${LINES} lines, ${CAMPAIGNS * PROMOTIONS_PER_CAMPAIGN} live promotions, ${CODES.length} coupon codes, over HTTP on one process`,
        status: 'ok',
        headline: [
          'p99Ms',
          'floorP99Ms',
          'p50Ms',
          'saturationQuotesPerSecond',
          'serviceCpuMsPerQuote',
          'cpuMsPerQuote',
        ],
        cases: quoteCases,
        comparisons: quoteCases
          .slice(1)
          .flatMap((own) =>
            [
              'p99Ms',
              'p50Ms',
              'saturationQuotesPerSecond',
              'serviceCpuMsPerQuote',
              'cpuMsPerQuote',
            ].map((metric) =>
              compareCases(metric, { case: own }, { scenario: 'quote', case: quoteCases[0]! }),
            ),
          ),
        notes: [
          'latency counts from when a request was due, so a backlog shows (no coordinated omission)',
          'floorP50Ms, floorP99Ms: the floor (ADR 0036), a bare node:http server in a child process answering every request with one real quote’s bytes, under the same generator at the same rate right after each offered run; p99OverFloor = p99Ms / floorP99Ms',
          'the load generator runs in a child process (the kit’s runHttpLoad: `--concurrency` keep-alive connections, request bytes built beforehand, every answer’s status checked and every 16th checked to end with its hash), so neither the service’s event loop nor its process’s CPU figures include it; it still shares the 2 cores with the service and Postgres',
          `PROMOTIONS_QUOTE_WORKERS=${quoteWorkers.join(', ')}: the quote engine on that many worker threads, 0 on the service’s thread${apps.length === 1 ? '' : '; one app per setting in this process on the same schema and consumer group, each run quoting on every app in turn (the order rotated per run), only one under load at a time'}`,
          'serviceCpuMsPerQuote: CPU (user + system) of the service’s thread during the saturation phase, per quote (without the quote workers’ share)',
          'cpuMsPerQuote: CPU (user + system) of the whole process during the saturation phase, per quote: the service’s thread, the quote workers, V8’s garbage collection and compiler threads (the load generator runs in another process)',
          'prices come from the read model (no unitPrice in the request); half the quotes are for a known member',
          'the machine is shared with other engineers’ builds and tests while this ran: figures are noisy',
        ],
      },
      {
        id: 'redemptions',
        title:
          'order.placed on Kafka → re-quote at event time → coupon claims, budgets, redemptions and outbox',
        status: 'ok',
        headline: ['ordersPerSecond', 'redemptionsPerSecond'],
        cases: [scenarioCase(`${orders} orders`, redemptionRuns)],
        comparisons: [],
        notes: [
          apps.length === 1
            ? 'one consumer process; each order carries 2 coupon codes and 8 lines'
            : `${apps.length} apps in one process share the consumer group; each order carries 2 coupon codes and 8 lines`,
        ],
      },
    ];
    return {
      settings: {
        quoteWorkers,
        quoteSeconds,
        rate,
        concurrency,
        orders,
        runs,
        lines: LINES,
        promotions: CAMPAIGNS * PROMOTIONS_PER_CAMPAIGN,
        codes: CODES.length,
      },
      scenarios,
    };
  } finally {
    for (const { app } of apps) await app.close();
    await bench.drop();
  }
});

async function quoteRun(base: string, auth: Record<string, string>) {
  let applied = 0;
  for (let n = 0; n < 200; n++) applied += await quoteOnce(base, auth, n);
  // The floor (ADR 0036): a bare server in a child process answering a real quote's bytes.
  const answer = await (
    await fetch(`${base}/v1/quotes`, { method: 'POST', headers: auth, body: quoteBody(0) })
  ).text();
  const floor = await startFloorServer(answer);
  const load = await startQuoteLoad();
  try {
    const phase = { url: base, seconds: quoteSeconds, rate, concurrency, first: 0 };
    const cpuStart = process.cpuUsage();
    const threadStart = threadCpuMs();
    const saturated = await load.run({ ...phase, mode: 'saturation' });
    const serviceCpu = threadCpuMs() - threadStart;
    const cpu = process.cpuUsage(cpuStart);
    await sleep(1_000);
    const offered = await load.run({ ...phase, mode: 'offered' });
    const latencies = offered.latencies ?? [];
    await sleep(1_000);
    const floorLatencies = (await load.run({ ...phase, url: floor.url, mode: 'offered' }))
      .latencies!;
    const p99Ms = round(percentile(latencies, 99), 2);
    const metrics = {
      p50Ms: round(percentile(latencies, 50), 2),
      p99Ms,
      ...floorMetrics(p99Ms, floorLatencies),
      achievedQuotesPerSecond: round(offered.done / offered.seconds),
      saturationQuotesPerSecond: round(saturated.done / saturated.seconds),
      serviceCpuMsPerQuote: round(serviceCpu / saturated.done, 3),
      cpuMsPerQuote: round((cpu.user + cpu.system) / 1000 / saturated.done, 2),
      appliedPerQuote: round(applied / 200, 1),
    };
    // The machine is shared: what else ran during this run shows in the load it ended at.
    const details = { loadAverage: loadavg().map((load) => round(load, 2)) };
    console.log(`quote: ${JSON.stringify(metrics)} ${JSON.stringify(details)}`);
    return { metrics, details };
  } finally {
    await load.close();
    await floor.close();
  }
}

async function redemptionRun(query: Query, producer: KafkaProducer, topic: string, run: number) {
  const countOrders = async () =>
    Number(
      (
        (await query(`SELECT coalesce(sum(orders), 0)::int AS n FROM customers`)) as { n: number }[]
      )[0]!.n,
    );
  const countRedemptions = async () =>
    Number(((await query(`SELECT count(*)::int AS n FROM redemptions`)) as { n: number }[])[0]!.n);
  const ordersBefore = await countOrders();
  const redemptionsBefore = await countRedemptions();
  const events = Array.from({ length: orders }, (_, i) => {
    const eventId = randomUUID();
    const customerId = `bench-order-cus-${run}-${i % 2000}`;
    return {
      key: customerId,
      headers: { [HEADERS.eventType]: 'order.placed', [HEADERS.eventVersion]: '1' },
      value: {
        eventId,
        type: 'order.placed',
        version: 1,
        occurredAt: new Date().toISOString(),
        channel: 'tmall',
        identifiers: { memberId: customerId },
        customerId,
        correlationId: eventId,
        causationId: eventId,
        payload: {
          orderId: `bench-${run}-${i}-${eventId.slice(0, 8)}`,
          lines: Array.from({ length: 8 }, (_, line) => ({
            sku: sku(i * 7 + line * 11),
            quantity: 1 + (line % 2),
            unitPrice: { amount: 3_000 + line * 500, currency: 'CNY' },
          })),
          total: { amount: 30_000, currency: 'CNY' },
          coupons: [CODES[i % CODES.length], CODES[(i + 3) % CODES.length]],
        },
      },
    };
  });
  const start = performance.now();
  for (let i = 0; i < events.length; i += 500) await producer.send(topic, events.slice(i, i + 500));
  for (;;) {
    if ((await countOrders()) - ordersBefore >= orders) break;
    if (performance.now() - start > 600_000)
      throw new Error('redemptions did not finish in 10 minutes');
    await sleep(200);
  }
  const seconds = (performance.now() - start) / 1000;
  const redemptions = (await countRedemptions()) - redemptionsBefore;
  const metrics = {
    ordersPerSecond: round(orders / seconds),
    redemptionsPerSecond: round(redemptions / seconds),
    redemptionsPerOrder: round(redemptions / orders, 2),
    seconds: round(seconds, 1),
  };
  console.log(`redemptions: ${JSON.stringify(metrics)}`);
  return { metrics };
}
