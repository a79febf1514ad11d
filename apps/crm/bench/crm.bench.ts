// crm as a whole, as a real child process on the local broker and database. Each run: a fresh
// schema and topics; the simulator's events (each given its person as customerId, as identity
// resolution would) produced to the resolved topic before crm starts, so crm consumes a backlog
// at saturation with every handler of its consumer group (customers, points, tiers, consent,
// journeys, insights), the inbox and the outbox relay. Events per second = events / the span of
// the inbox's processed_at (the group's join is not counted). Then GET /v1/customers/{id} over
// the customers just built: an open loop at --rate requests/s for --get-seconds (latency from
// each request's scheduled send time, so a stall is not hidden), and a closed loop of
// --concurrency requests at a time for --get-seconds (throughput at saturation). Figures are
// medians over --runs. The GETs come from a child process of their own (get-load.cjs), which
// shares only the machine with crm: from the bench process, whose heap holds the events, each of
// its scavenges delayed sending and reading by 20-90 ms. During the open loop the CPU of crm, of
// its Postgres backends and of the load generator is counted per request, and the generator's
// own event-loop delay reported (loadGeneratorDelayP99Ms).
// Run: npx nx run crm:bench [-- --people 3000 --days 30 --limit 60000 --runs 3 --rate 1000]
// Tiny: npx nx run crm:bench -- --people 200 --days 10 --limit 3000 --runs 1 --get-seconds 2
// --cpu-prof <dir> writes a V8 CPU profile of the crm process.
// Writes bench/results/crm-<ISO date>.json at the repository root (writeBenchResult's schema).
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { resolvedEventsOf, simulate, type ResolvedSimulatedEvent } from '@omni/simulator';
import {
  benchArgs,
  benchMain,
  cpuMs,
  cpuMsOfPids,
  cpuSince,
  percentile,
  round,
  scenarioCase,
  serviceEnvironment,
  startServiceProcess,
  waitForHttpOk,
  type MeasuredRun,
  runLoadProcess,
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

type OpenLoopResult = {
  achieved: number;
  answered: number;
  sent: number;
  latencies: Float64Array;
  statuses: Record<string, number>;
  delayP99Ms: number;
  delayMaxMs: number;
  cpuMs: number;
};

type ClosedLoopResult = { perSecond: number; latencies: Float64Array; failed: number };

type LoadOptions =
  | { mode: 'open'; rate: number; seconds: number }
  | { mode: 'closed'; concurrency: number; seconds: number };

/**
 * GETs of `ids` from a child process (get-load.cjs), so that the bench's own heap and GC do not
 * delay sending and reading. Open: `rate` requests a second for `seconds`, each timed from when
 * it was due. Closed: `concurrency` requests always in flight (throughput at saturation).
 */
function load(
  port: number,
  ids: string[],
  options: { mode: 'open'; rate: number; seconds: number },
): Promise<OpenLoopResult>;
function load(
  port: number,
  ids: string[],
  options: { mode: 'closed'; concurrency: number; seconds: number },
): Promise<ClosedLoopResult>;
function load(
  port: number,
  ids: string[],
  options: LoadOptions,
): Promise<OpenLoopResult | ClosedLoopResult> {
  return runLoadProcess(
    path.join(__dirname, 'get-load.cjs'),
    {
      port,
      token: ADMIN_TOKEN,
      ids,
      concurrency: options.mode === 'open' ? counts.concurrency : options.concurrency,
      timeoutMs: TIMEOUT_MS,
      ...options,
    },
    'the GET load process',
  );
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
      const ids = customers.map((c) => c.customer_id);
      // Warm-up: connections, JIT and the database's caches.
      await load(crm.port, ids, { mode: 'closed', concurrency: 8, seconds: 2 });
      // Saturation first: requests an overloaded open loop gave up on are still served after it.
      const closed = await load(crm.port, ids, {
        mode: 'closed',
        concurrency: counts.concurrency,
        seconds: counts['get-seconds'],
      });
      const backends: { pid: number }[] = await db.dataSource.query(
        `SELECT pid FROM pg_stat_activity WHERE client_port = ANY($1::int[])`,
        [tcpPortsOf(crm.child.pid as number)],
      );
      const postgresCpu = () => cpuMsOfPids(backends.map(({ pid }) => pid));
      const postgresCpuBefore = postgresCpu();
      const openCpu = cpuMs(crm.child.pid as number);
      const open = await load(crm.port, ids, {
        mode: 'open',
        rate: counts.rate,
        seconds: counts['get-seconds'],
      });
      const openCpuMs = cpuMs(crm.child.pid as number) - openCpu;
      const openPostgresCpuMs = cpuSince(postgresCpuBefore, postgresCpu());
      const latencies = Array.from(open.latencies);
      console.log(
        `run ${index}: ${applied.n} events in ${round(seconds, 2)} s; GET at ${counts.rate}/s p99 ${round(percentile(latencies, 99), 2)} ms; saturation ${round(closed.perSecond)}/s`,
      );
      return {
        metrics: {
          eventsPerSecond: round(events.length / seconds),
          consumeCpuMsPerThousandEvents: round((consumeCpuMs / events.length) * 1000),
          getAchievedPerSecond: round(open.achieved),
          getP50Ms: round(percentile(latencies, 50), 2),
          getP99Ms: round(percentile(latencies, 99), 2),
          getMaxMs: round(Math.max(...latencies), 2),
          getCpuMsPerAnsweredRequest: round(openCpuMs / Math.max(1, open.answered), 2),
          postgresCpuMsPerAnsweredRequest: round(openPostgresCpuMs / Math.max(1, open.answered), 2),
          // The load generator shares the 2 cores: its CPU per request says how much of them it takes.
          loadGeneratorCpuMsPerSentRequest: round(open.cpuMs / Math.max(1, open.sent), 2),
          loadGeneratorDelayP99Ms: round(open.delayP99Ms, 2),
          saturationPerSecond: round(closed.perSecond),
          saturationP99Ms: round(percentile(Array.from(closed.latencies), 99), 2),
        },
        details: {
          events: events.length,
          customers: customers.length,
          consumeSeconds: round(seconds, 2),
          openLoopSent: open.sent,
          openLoopStatuses: open.statuses,
          openLoopTimeoutMs: TIMEOUT_MS,
          loadGeneratorDelayMaxMs: round(open.delayMaxMs, 2),
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
