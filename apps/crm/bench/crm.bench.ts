// crm as a whole, as a real child process on the local broker and database. Each run: a fresh
// schema and topics; the simulator's events (each given its person as customerId, as identity
// resolution would) produced to the resolved topic before crm starts, so crm consumes a backlog
// at saturation with every handler of its consumer group (customers, points, tiers, consent,
// journeys, insights), the inbox and the outbox relay. Events per second = events / the span of
// the inbox's processed_at (the group's join is not counted). Then GET /v1/customers/{id} over
// the customers just built: an open loop at --rate requests/s for --get-seconds (latency from
// each request's scheduled send time, so a stall is not hidden), and a closed loop of
// --concurrency requests at a time for --get-seconds (throughput at saturation). Figures are
// medians over --runs; the load generator shares the machine with crm. During the open loop the
// CPU of crm, of its Postgres backends and of the load generator is counted per request.
// Run: npx nx run crm:bench [-- --people 3000 --days 30 --limit 60000 --runs 3 --rate 1000]
// Tiny: npx nx run crm:bench -- --people 200 --days 10 --limit 3000 --runs 1 --get-seconds 2
// --cpu-prof <dir> writes a V8 CPU profile of the crm process.
// Writes bench/results/crm-<ISO date>.json at the repository root (writeBenchResult's schema).
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { resolvedEventsOf, simulate, type ResolvedSimulatedEvent } from '@omni/simulator';
import {
  benchArgs,
  benchMain,
  cpuMs,
  percentile,
  round,
  scenarioCase,
  serviceEnvironment,
  startServiceProcess,
  waitForHttpOk,
  type MeasuredRun,
} from '@omni/testing';
import { crmService } from '../test/support/crm-harness';

const ADMIN_TOKEN = 'bench-crm-admin-token-0123456789';

const { counts, values: args } = benchArgs(
  {
    people: 3000,
    days: 30,
    limit: 60000,
    runs: 3,
    partitions: 3,
    rate: 1000,
    'get-seconds': 10,
    concurrency: 32,
  },
  { 'cpu-prof': { type: 'string' } },
);

type Event = ResolvedSimulatedEvent<object>;

const simulatedEvents = (): Event[] =>
  resolvedEventsOf(
    simulate({
      seed: 7,
      people: counts.people,
      startDate: '2025-06-01',
      days: counts.days,
    }).labelledEvents(),
    counts.limit,
  );

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A request still unanswered after this long counts as this long (a lower bound) and as timed out. */
const TIMEOUT_MS = 5_000;

async function getCustomer(url: string): Promise<number> {
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  await response.arrayBuffer();
  return response.status;
}

/** `rate` requests a second for `seconds`, each timed from when it was due to be sent. */
async function openLoop(urls: string[], rate: number, seconds: number) {
  const total = rate * seconds;
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    // A server far behind the offered rate: the rest would only time out.
    if ((statuses.get(0) ?? 0) > total / 100) break;
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    inFlight.push(
      getCustomer(urls[i % urls.length]).then(
        (status) => {
          latencies.push(performance.now() - due);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        },
        () => {
          latencies.push(Math.max(TIMEOUT_MS, performance.now() - due));
          statuses.set(0, (statuses.get(0) ?? 0) + 1);
        },
      ),
    );
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - started) / 1000;
  const answered = latencies.length - (statuses.get(0) ?? 0);
  return {
    achieved: round(answered / elapsed),
    answered,
    sent: inFlight.length,
    p50: round(percentile(latencies, 50), 2),
    p99: round(percentile(latencies, 99), 2),
    max: round(Math.max(...latencies), 2),
    statuses: Object.fromEntries(statuses),
  };
}

/** `concurrency` requests always in flight for `seconds`: throughput at saturation. */
async function closedLoop(urls: string[], concurrency: number, seconds: number) {
  const until = performance.now() + seconds * 1000;
  const latencies: number[] = [];
  let next = 0;
  let failed = 0;
  const worker = async () => {
    while (performance.now() < until) {
      const sent = performance.now();
      const status = await getCustomer(urls[next++ % urls.length]).catch(() => 0);
      if (status === 200) latencies.push(performance.now() - sent);
      else failed++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - started) / 1000;
  return {
    perSecond: round(latencies.length / elapsed),
    p99: round(percentile(latencies, 99), 2),
    failed,
  };
}

/**
 * The local ports of a process's TCP sockets: for crm, the client ends of its connections to
 * Postgres, which name its backends among every other client of the shared server.
 */
function tcpPortsOf(pid: number): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.add(match[1]);
    } catch {
      // Closed since it was listed.
    }
  }
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').trim().split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (inodes.has(fields[9])) ports.push(parseInt(fields[1].split(':')[1], 16));
    }
  }
  return ports;
}

async function run(events: Event[], index: number): Promise<MeasuredRun> {
  const bench = await serviceEnvironment({
    ...crmService,
    prefix: 'crm-bench',
    adminToken: ADMIN_TOKEN,
    partitions: counts.partitions,
  });
  const { db, producer, topics } = bench;
  try {
    for (let i = 0; i < events.length; i += 2000) {
      await producer.send(topics.resolvedEvents, events.slice(i, i + 2000));
    }
    const crm = await startServiceProcess('apps/crm/src/main.ts', {
      ...bench.env,
      LOG_LEVEL: 'warn',
      ...(args['cpu-prof'] && {
        NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${args['cpu-prof']}`,
      }),
    });
    try {
      await waitForHttpOk(crm.url('/health/live'), 240_000);
      const cpuBefore = cpuMs(crm.child.pid as number);
      const inbox = async () => {
        const [row] = await db.dataSource.query(
          `SELECT count(*)::int AS n,
                  extract(epoch FROM max(processed_at) - min(processed_at))::float AS span
           FROM inbox`,
        );
        return row as { n: number; span: number | null };
      };
      const deadline = Date.now() + 30 * 60_000;
      let applied = await inbox();
      while (applied.n < events.length) {
        if (Date.now() > deadline || crm.child.exitCode !== null)
          throw new Error(`crm applied ${applied.n} of ${events.length}\n${crm.output()}`);
        await sleep(250);
        applied = await inbox();
      }
      const consumeCpuMs = cpuMs(crm.child.pid as number) - cpuBefore;
      const seconds = applied.span ?? 0;
      const customers: { customer_id: string }[] = await db.dataSource.query(
        `SELECT customer_id FROM customers ORDER BY customer_id`,
      );
      const urls = customers.map((c) => crm.url(`/v1/customers/${c.customer_id}`));
      // Warm-up: connections, JIT and the database's caches.
      await closedLoop(urls, 8, 2);
      // Saturation first: requests an overloaded open loop gave up on are still served after it.
      const closed = await closedLoop(urls, counts.concurrency, counts['get-seconds']);
      const backends: { pid: number }[] = await db.dataSource.query(
        `SELECT pid FROM pg_stat_activity WHERE client_port = ANY($1::int[])`,
        [tcpPortsOf(crm.child.pid as number)],
      );
      const postgresCpu = () => backends.reduce((sum, { pid }) => sum + cpuMs(pid), 0);
      const postgresCpuBefore = postgresCpu();
      const openCpu = cpuMs(crm.child.pid as number);
      // The load generator shares the 2 cores: its own CPU per request says how much of them it takes.
      const generatorCpu = process.cpuUsage();
      const open = await openLoop(urls, counts.rate, counts['get-seconds']);
      const openCpuMs = cpuMs(crm.child.pid as number) - openCpu;
      const { user, system } = process.cpuUsage(generatorCpu);
      const openPostgresCpuMs = postgresCpu() - postgresCpuBefore;
      console.log(
        `run ${index}: ${applied.n} events in ${round(seconds, 2)} s; GET at ${counts.rate}/s p99 ${open.p99} ms; saturation ${closed.perSecond}/s`,
      );
      return {
        metrics: {
          eventsPerSecond: round(events.length / seconds),
          consumeCpuMsPerThousandEvents: round((consumeCpuMs / events.length) * 1000),
          getAchievedPerSecond: open.achieved,
          getP50Ms: open.p50,
          getP99Ms: open.p99,
          getMaxMs: open.max,
          getCpuMsPerAnsweredRequest: round(openCpuMs / Math.max(1, open.answered), 2),
          postgresCpuMsPerAnsweredRequest: round(openPostgresCpuMs / Math.max(1, open.answered), 2),
          loadGeneratorCpuMsPerSentRequest: round(
            (user + system) / 1000 / Math.max(1, open.sent),
            2,
          ),
          saturationPerSecond: closed.perSecond,
          saturationP99Ms: closed.p99,
        },
        details: {
          events: events.length,
          customers: customers.length,
          consumeSeconds: round(seconds, 2),
          openLoopSent: open.sent,
          openLoopStatuses: open.statuses,
          openLoopTimeoutMs: TIMEOUT_MS,
          saturationFailed: closed.failed,
          postgresBackends: backends.length,
        },
      };
    } finally {
      await crm.stop();
    }
  } finally {
    await bench.drop();
  }
}

benchMain('crm', async () => {
  const events = simulatedEvents();
  const runs: MeasuredRun[] = [];
  for (let i = 1; i <= counts.runs; i++) runs.push(await run(events, i));
  return {
    settings: { ...counts, seed: 7 },
    scenarios: [
      {
        id: 'crm-whole',
        title:
          'crm as one process: resolved events consumed per second, and GET /v1/customers/{id}',
        status: 'ok',
        headline: ['eventsPerSecond', 'getP99Ms', 'saturationPerSecond'],
        cases: [scenarioCase('default', runs)],
        comparisons: [],
        notes: [
          'The simulator backlog is produced before crm starts; events/s is over the inbox processed_at span.',
          'GET latency is measured from each request’s scheduled send time; a request unanswered after 5 s counts as 5 s (status 0), and the open loop stops sending once more than 1% have timed out (seen 5 s in at the earliest); the load generator runs on the same machine.',
          'The machine is shared with other work; see environment.loadAverage.',
        ],
      },
    ],
  };
});
