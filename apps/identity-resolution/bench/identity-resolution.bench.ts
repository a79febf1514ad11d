// Identity resolution throughput, latency and accuracy, with the real service as a child process
// on the local broker and database. Each run: a fresh schema and topics, a warm-up that
// identifies every person once (the known graph), then a burst with a realistic mix — 85% events
// from known identifiers, 10% new anonymous cookies, 5% identify events that link a new cookie or
// device (merging an anonymous profile) — timed from the first send until every event is resolved
// and published to the resolved topic. Then p50/p99 latency (ingest topic → resolved topic, Kafka
// timestamps) at half of that run's rate, and pairwise precision/recall of "same person" against
// the generator's truth. A per-event baseline (IDENTITY_BATCH_RESOLUTION=false) runs the same way.
// Run: npx nx run identity-resolution:bench -- --events 30000 --runs 3
// Tiny: npx nx run identity-resolution:bench -- --people 300 --events 2000 --runs 3 --latency-seconds 2 --skip-baseline
// Writes bench/results/identity-<ISO date>.json at the repository root.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { goldenFixture, type Identifiers } from '@omni/contracts';
import { createTopicReader, createTopics, deleteTopics, KafkaProducer } from '@omni/messaging';
import { pairwiseScore } from '@omni/simulator';
import {
  createTestDatabase,
  startServiceProcess,
  testInfra,
  uniqueSuffix,
  waitForHttpOk,
  type TestDatabase,
} from '@omni/testing';
import { loadIdentityConfig } from '../src/config/identity-config';
import { IdentifierCrypto } from '../src/identifiers/identifier-crypto';
import { identifiersOf } from '../src/identifiers/typed-identifier';
import { migrations } from '../src/migrations';
import { service } from '../src/service';

const root = path.resolve(__dirname, '../../..');

const { values: args } = parseArgs({
  options: {
    people: { type: 'string', default: '5000' },
    events: { type: 'string', default: '30000' },
    runs: { type: 'string', default: '3' },
    partitions: { type: 'string', default: '6' },
    'batch-size': { type: 'string', default: '500' },
    'partitions-concurrently': { type: 'string', default: '6' },
    'latency-seconds': { type: 'string', default: '5' },
    'skip-baseline': { type: 'boolean', default: false },
    /** Writes a V8 CPU profile of each service process into this directory. */
    'cpu-prof': { type: 'string' },
  },
});
const positive = (
  name:
    | 'people'
    | 'events'
    | 'runs'
    | 'partitions'
    | 'batch-size'
    | 'partitions-concurrently'
    | 'latency-seconds',
): number => {
  const value = Number(args[name]);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${name} must be a positive whole number, got ${args[name]}`);
  return value;
};
const people = positive('people');
const eventsPerRun = positive('events');
const runs = positive('runs');
const partitions = positive('partitions');
const batchSize = positive('batch-size');
const partitionsConcurrently = positive('partitions-concurrently');
const latencySeconds = positive('latency-seconds');

type BenchEvent = { eventId: string; key: string; value: Record<string, unknown> };
type Mode = 'batch' | 'per-event';

/** Seeded (mulberry32): every run and mode resolves the same events. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** The workload with its truth: which person each identified identifier belongs to. */
class Workload {
  private readonly next = random(42);
  private readonly cookies: string[][] = [];
  private readonly anonymous: string[][] = [];
  private seq = 0;
  /** `type\u0000value` → person, for identifiers an identify event tied to its person. */
  readonly truth = new Map<string, string>();

  constructor(private readonly tag: string) {
    for (let p = 0; p < people; p++) {
      this.cookies.push([`ck-${tag}-${p}-0`]);
      this.anonymous.push([]);
    }
  }

  private phone = (p: number) => `+86139${String(p).padStart(8, '0')}`;
  private device = (p: number) => `dev-${this.tag}-${p}`;
  private member = (p: number) => `M-${this.tag}-${p}`;

  private event(
    type: 'page.viewed' | 'customer.identified',
    key: string,
    identifiers: Identifiers,
    person: number | null,
  ): BenchEvent {
    const now = new Date().toISOString();
    const eventId = `${this.tag}-${(this.seq++).toString(36)}`;
    if (type === 'customer.identified' && person !== null) {
      for (const identifier of identifiersOf(identifiers, 'app'))
        this.truth.set(`${identifier.type}\u0000${identifier.value}`, `person-${person}`);
    }
    return {
      eventId,
      key,
      value: {
        ...goldenFixture(type, 1),
        eventId,
        channel: 'app',
        identifiers,
        occurredAt: now,
        receivedAt: now,
      },
    };
  }

  /** One identify event per person: phone, device, first cookie and, for a third of them, a memberId. */
  warmUp(): BenchEvent[] {
    return Array.from({ length: people }, (_, p) =>
      this.event(
        'customer.identified',
        `p${p}`,
        {
          phone: this.phone(p),
          deviceId: this.device(p),
          cookieId: this.cookies[p][0],
          ...(p % 3 === 0 ? { memberId: this.member(p) } : {}),
        },
        p,
      ),
    );
  }

  burst(count: number): BenchEvent[] {
    return Array.from({ length: count }, () => this.mixed());
  }

  private mixed(): BenchEvent {
    const p = Math.floor(this.next() * people);
    const roll = this.next();
    if (roll < 0.85) {
      const known = this.cookies[p];
      const pick = this.next();
      const identifiers: Identifiers =
        pick < 0.4
          ? { deviceId: this.device(p) }
          : pick < 0.8
            ? { cookieId: known[Math.floor(this.next() * known.length)] }
            : { phone: this.phone(p), deviceId: this.device(p) };
      return this.event('page.viewed', `p${p}`, identifiers, p);
    }
    if (roll < 0.95) {
      const cookie = `ck-${this.tag}-${p}-a${this.seq}`;
      this.anonymous[p].push(cookie);
      return this.event('page.viewed', cookie, { cookieId: cookie }, p);
    }
    // Identify: an anonymous cookie of this person (a merge) or, if none, a new device.
    const cookie = this.anonymous[p].shift();
    if (cookie !== undefined) {
      this.cookies[p].push(cookie);
      return this.event(
        'customer.identified',
        `p${p}`,
        { phone: this.phone(p), cookieId: cookie },
        p,
      );
    }
    return this.event(
      'customer.identified',
      `p${p}`,
      { phone: this.phone(p), deviceId: `${this.device(p)}-n${this.seq}` },
      p,
    );
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type RunResult = {
  mode: Mode;
  eventsPerSecond: number;
  seconds: number;
  latencyP50Ms?: number;
  latencyP99Ms?: number;
  latencyRate?: number;
  precision: number;
  recall: number;
};

async function countResolved(db: TestDatabase): Promise<{ resolved: number; outbox: number }> {
  const [row] = await db.dataSource.query(
    `SELECT (SELECT count(*) FROM resolution_log)::int AS resolved, (SELECT count(*) FROM outbox)::int AS outbox`,
  );
  return row as { resolved: number; outbox: number };
}

async function waitUntilResolved(db: TestDatabase, total: number, what: string): Promise<void> {
  const deadline = Date.now() + 600_000;
  for (;;) {
    const { resolved, outbox } = await countResolved(db);
    if (resolved >= total && outbox === 0) return;
    if (Date.now() > deadline)
      throw new Error(
        `timed out waiting for ${what}: ${resolved}/${total} resolved, ${outbox} unpublished`,
      );
    await sleep(25);
  }
}

async function sendAll(
  producer: KafkaProducer,
  topic: string,
  events: BenchEvent[],
): Promise<Map<string, number>> {
  const sentAt = new Map<string, number>();
  const chunk = 1_000;
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < events.length; i += chunk) {
    const slice = events.slice(i, i + chunk);
    const now = Date.now();
    for (const e of slice) sentAt.set(e.eventId, now);
    inFlight.push(
      producer.send(
        topic,
        slice.map((e) => ({ key: e.key, value: e.value })),
      ),
    );
    if (inFlight.length >= 4) await inFlight.shift();
  }
  await Promise.all(inFlight);
  return sentAt;
}

async function oneRun(mode: Mode, run: number): Promise<RunResult> {
  const { brokers } = testInfra();
  const suffix = uniqueSuffix();
  const topics = {
    input: `idb-${suffix}.in.v1`,
    resolved: `idb-${suffix}.resolved.v1`,
    changes: `idb-${suffix}.changes.v1`,
  };
  await createTopics(brokers, [
    { name: topics.input, partitions },
    { name: topics.resolved, partitions },
    { name: topics.changes, partitions: 1 },
    { name: 'identity-resolution.dlt.v1', partitions: 3 },
  ]);
  const db = await createTestDatabase({ service: service.name, migrations });
  const env = {
    ...db.env,
    LOG_LEVEL: 'error',
    IDENTITY_INPUT_TOPIC: topics.input,
    IDENTITY_RESOLVED_TOPIC: topics.resolved,
    IDENTITY_PROFILE_CHANGES_TOPIC: topics.changes,
    IDENTITY_CONSUMER_GROUP: `idb-${suffix}`,
    IDENTITY_CONSUMER_BATCH_SIZE: String(batchSize),
    IDENTITY_PARTITIONS_CONCURRENTLY: String(partitionsConcurrently),
    IDENTITY_BATCH_RESOLUTION: String(mode === 'batch'),
    OUTBOX_BATCH_SIZE: '2000',
    ...(args['cpu-prof'] === undefined
      ? {}
      : { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${path.resolve(args['cpu-prof'])}` }),
  };
  const proc = await startServiceProcess('apps/identity-resolution/src/main.ts', env);
  const producer = new KafkaProducer({ brokers, clientId: `idb-${suffix}` });
  try {
    await waitForHttpOk(`http://127.0.0.1:${proc.port}/health/ready`);
    const workload = new Workload(`r${run}`);
    await sendAll(producer, topics.input, workload.warmUp());
    await waitUntilResolved(db, people, 'the warm-up');

    const burst = workload.burst(eventsPerRun);
    const started = performance.now();
    await sendAll(producer, topics.input, burst);
    await waitUntilResolved(db, people + eventsPerRun, 'the burst');
    const seconds = (performance.now() - started) / 1000;
    const eventsPerSecond = eventsPerRun / seconds;

    // Latency at half of this run's rate, measured with Kafka timestamps (broker clock = ours).
    let latency: Pick<RunResult, 'latencyP50Ms' | 'latencyP99Ms' | 'latencyRate'> = {};
    if (mode === 'batch') {
      const rate = Math.max(1, Math.round(eventsPerSecond / 2));
      const reader = await createTopicReader({
        brokers,
        clientId: `idb-reader-${suffix}`,
        topic: topics.resolved,
      });
      const paced = workload.burst(rate * latencySeconds);
      const sentAt = new Map<string, number>();
      const tickMs = 20;
      const perTick = Math.max(1, Math.round((rate * tickMs) / 1000));
      const t0 = Date.now();
      for (let i = 0, tick = 0; i < paced.length; i += perTick, tick++) {
        const wait = t0 + tick * tickMs - Date.now();
        if (wait > 0) await sleep(wait);
        const slice = paced.slice(i, i + perTick);
        const now = Date.now();
        for (const e of slice) sentAt.set(e.eventId, now);
        void producer.send(
          topics.input,
          slice.map((e) => ({ key: e.key, value: e.value })),
        );
      }
      await reader.waitForCount(paced.length, 120_000);
      const latencies = reader.messages
        .map((m) => {
          const eventId = (JSON.parse((m.value as Buffer).toString('utf8')) as { eventId: string })
            .eventId;
          const sent = sentAt.get(eventId);
          return sent === undefined ? undefined : Number(m.timestamp) - sent;
        })
        .filter((ms): ms is number => ms !== undefined);
      await reader.close();
      latency = {
        latencyRate: rate,
        latencyP50Ms: percentile(latencies, 50),
        latencyP99Ms: percentile(latencies, 99),
      };
      await waitUntilResolved(db, people + eventsPerRun + paced.length, 'the paced events');
    }

    // Accuracy: the predicted clusters are the profiles holding each identified identifier.
    const crypto = new IdentifierCrypto(loadIdentityConfig(env).crypto);
    const hashToKey = new Map(
      [...workload.truth.keys()].map((key) => {
        const [type, value] = key.split('\u0000');
        return [crypto.hash(type, value), key] as const;
      }),
    );
    const rows: { hash: string; profile_id: string }[] = await db.dataSource.query(
      `SELECT hash, profile_id FROM identifiers WHERE hash = ANY($1::text[])`,
      [[...hashToKey.keys()]],
    );
    const predicted = new Map(rows.map((r) => [hashToKey.get(r.hash) as string, r.profile_id]));
    const score = pairwiseScore(predicted, workload.truth);
    return {
      mode,
      eventsPerSecond,
      seconds,
      ...latency,
      precision: score.precision,
      recall: score.recall,
    };
  } finally {
    proc.child.kill('SIGTERM');
    await proc.exited;
    await producer.disconnect();
    await deleteTopics(brokers, [topics.input, topics.resolved, topics.changes]);
    await db.drop();
  }
}

async function main(): Promise<void> {
  const results: RunResult[] = [];
  const modes: Mode[] = args['skip-baseline'] ? ['batch'] : ['batch', 'per-event'];
  for (let run = 0; run < runs; run++) {
    for (const mode of modes) {
      const result = await oneRun(mode, run);
      results.push(result);
      console.log(
        `run ${run + 1}/${runs} ${mode}: ${result.eventsPerSecond.toFixed(0)} events/s${result.latencyP99Ms === undefined ? '' : `, p50 ${result.latencyP50Ms} ms, p99 ${result.latencyP99Ms} ms at ${result.latencyRate} events/s`}`,
      );
    }
  }
  const of = (mode: Mode) => results.filter((r) => r.mode === mode);
  const batch = of('batch');
  const baseline = of('per-event');
  const summary = {
    eventsPerSecond: median(batch.map((r) => r.eventsPerSecond)),
    baselinePerEventEventsPerSecond:
      baseline.length > 0 ? median(baseline.map((r) => r.eventsPerSecond)) : null,
    latencyRate: median(batch.map((r) => r.latencyRate as number)),
    latencyP50Ms: median(batch.map((r) => r.latencyP50Ms as number)),
    latencyP99Ms: median(batch.map((r) => r.latencyP99Ms as number)),
    precision: Math.min(...batch.map((r) => r.precision)),
    recall: median(batch.map((r) => r.recall)),
  };
  const ratio =
    summary.baselinePerEventEventsPerSecond === null
      ? null
      : summary.eventsPerSecond / summary.baselinePerEventEventsPerSecond;
  console.table({
    'resolved events/s (median)': {
      value: Math.round(summary.eventsPerSecond),
      target: '>= 10000',
    },
    'per-event baseline events/s (median)': {
      value:
        summary.baselinePerEventEventsPerSecond === null
          ? 'skipped'
          : Math.round(summary.baselinePerEventEventsPerSecond),
      target: '',
    },
    'batch / baseline': { value: ratio === null ? 'n/a' : ratio.toFixed(2), target: '' },
    'latency p50 ms at half load': { value: summary.latencyP50Ms, target: '' },
    'latency p99 ms at half load': { value: summary.latencyP99Ms, target: '<= 100' },
    'pairwise precision (min)': { value: summary.precision, target: '1.0' },
    'pairwise recall (median)': { value: summary.recall, target: 'reported' },
  });
  const file = path.join(
    root,
    'bench/results',
    `identity-${new Date().toISOString().replace(/:/g, '-')}.json`,
  );
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(
    file,
    `${JSON.stringify({ bench: 'identity-resolution', at: new Date().toISOString(), machine: { cpus: cpus().length, model: cpus()[0]?.model }, settings: { people, eventsPerRun, runs, partitions, batchSize, partitionsConcurrently, latencySeconds }, summary, ratio, runs: results }, null, 2)}\n`,
  );
  console.log(`wrote ${path.relative(root, file)}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
