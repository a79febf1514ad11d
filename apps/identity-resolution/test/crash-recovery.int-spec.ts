import {
  createTopicReader,
  createTopics,
  deleteTopics,
  KafkaProducer,
  type TopicReader,
} from '@omni/messaging';
import {
  createTestDatabase,
  startServiceProcess,
  testInfra,
  uniqueSuffix,
  waitForHttpOk,
  type ServiceProcess,
  type TestDatabase,
} from '@omni/testing';
import { loadIdentityConfig } from '../src/config/identity-config';
import { IdentifierCrypto } from '../src/identifiers/identifier-crypto';
import { migrations } from '../src/migrations';
import { service } from '../src/service';
import { ADMIN_TOKEN, channelEvent, eventually } from './support/identity-harness';
import { UnionFindOracle, type OracleEvent } from './support/union-find-oracle';

const ENTRY = 'apps/identity-resolution/src/main.ts';
const EVENTS = 1_500;

// Pools small enough that people collide: merges, limits, conflicts and placeholders all occur.
const POOLS = {
  memberId: 40,
  phone: 120,
  email: 90,
  deviceId: 200,
  cookieId: 400,
} as const;
type PoolType = keyof typeof POOLS;
const TYPES = Object.keys(POOLS) as PoolType[];

/** A deterministic pseudo-random stream (mulberry32), so a failure can be reproduced. */
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

function valueOf(type: PoolType, n: number): string {
  if (type === 'phone') return n === 0 ? '+8613800138000' : `+86139${String(n).padStart(8, '0')}`;
  if (type === 'email') return `p${n}@example.com`;
  if (type === 'cookieId' && n === 0) return 'null';
  return `${type}-${n}`;
}

function burst(): (OracleEvent & { eventId: string })[] {
  const next = random(20_251_122);
  return Array.from({ length: EVENTS }, (_, i) => {
    const count = 1 + Math.floor(next() * 3);
    const identifiers: Record<string, string> = {};
    for (let k = 0; k < count; k++) {
      const type = TYPES[Math.floor(next() * TYPES.length)];
      identifiers[type] = valueOf(type, Math.floor(next() * POOLS[type]));
    }
    const occurredAt = new Date(Date.UTC(2025, 5, 1) + i * 60_000).toISOString();
    return channelEvent('page.viewed', 'web', identifiers, occurredAt) as unknown as OracleEvent & {
      eventId: string;
    };
  });
}

describe('kill -9 of the identity service during a burst', () => {
  const { brokers } = testInfra();
  const suffix = uniqueSuffix();
  const topics = {
    input: `idr-${suffix}.crash-in.v1`,
    resolved: `idr-${suffix}.crash-resolved.v1`,
    changes: `idr-${suffix}.crash-changes.v1`,
  };
  let db: TestDatabase;
  let producer: KafkaProducer;
  let reader: TopicReader;
  let env: Record<string, string>;
  const processes: ServiceProcess[] = [];

  const start = async (): Promise<ServiceProcess> => {
    const proc = await startServiceProcess(ENTRY, env);
    processes.push(proc);
    await waitForHttpOk(`http://127.0.0.1:${proc.port}/health/live`);
    return proc;
  };

  const resolvedCount = async (): Promise<number> => {
    const [{ n }] = await db.dataSource.query(
      `SELECT count(DISTINCT source_event_id)::int AS n FROM resolution_log`,
    );
    return n as number;
  };

  beforeAll(async () => {
    await createTopics(brokers, [
      { name: topics.input, partitions: 3 },
      { name: topics.resolved, partitions: 3 },
      { name: topics.changes, partitions: 3 },
      { name: 'identity-resolution.dlt.v1', partitions: 3 },
    ]);
    db = await createTestDatabase({ service: service.name, migrations });
    env = {
      ...db.env,
      IDENTITY_ADMIN_TOKEN: ADMIN_TOKEN,
      IDENTITY_INPUT_TOPIC: topics.input,
      IDENTITY_RESOLVED_TOPIC: topics.resolved,
      IDENTITY_PROFILE_CHANGES_TOPIC: topics.changes,
      IDENTITY_CONSUMER_GROUP: `idr-crash-${suffix}`,
      // Small transactions and parallel partitions, so the kill lands between and inside commits.
      IDENTITY_CONSUMER_BATCH_SIZE: '10',
      IDENTITY_PARTITIONS_CONCURRENTLY: '3',
      OUTBOX_POLL_INTERVAL_MS: '20',
    };
    producer = new KafkaProducer({ brokers, clientId: `idr-crash-${suffix}` });
    reader = await createTopicReader({
      brokers,
      clientId: `idr-crash-reader-${suffix}`,
      topic: topics.resolved,
      fromBeginning: true,
    });
  });

  afterAll(async () => {
    for (const proc of processes) {
      if (proc.child.exitCode === null && proc.child.signalCode === null) {
        proc.child.kill('SIGTERM');
        await proc.exited;
      }
    }
    await reader?.close();
    await producer?.disconnect();
    await deleteTopics(brokers, [topics.input, topics.resolved, topics.changes]);
    await db?.drop();
  });

  it('after a restart ends with the graph a union-find oracle computes from the same events, every event resolved once and no effect doubled', async () => {
    const events = burst();
    const first = await start();
    await producer.send(
      topics.input,
      events.map((value, i) => ({ key: `k${i % 17}`, value })),
    );
    // Kill once some, but far from all, events are resolved.
    await eventually(
      async () => ((await resolvedCount()) >= EVENTS / 10 ? true : undefined),
      'the burst to be under way',
      60_000,
    );
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    const atKill = await resolvedCount();
    expect(atKill).toBeLessThan(EVENTS);

    await start();
    await eventually(
      async () => ((await resolvedCount()) === EVENTS ? true : undefined),
      `all ${EVENTS} events to resolve after the restart`,
      120_000,
    );

    // The graph, against the oracle applying the events in the order they were committed.
    const config = loadIdentityConfig(env);
    const oracle = new UnionFindOracle(config.policy, new IdentifierCrypto(config.crypto));
    const byId = new Map(events.map((e) => [e.eventId, e]));
    const log: { source_event_id: string; customer_id: string }[] = await db.dataSource.query(
      `SELECT source_event_id, customer_id FROM resolution_log ORDER BY seq`,
    );
    expect(log).toHaveLength(EVENTS);
    for (const { source_event_id } of log) oracle.apply(byId.get(source_event_id) as OracleEvent);

    const identifiers: { hash: string; profile_id: string }[] = await db.dataSource.query(
      `SELECT hash, profile_id FROM identifiers`,
    );
    expect(new Map(identifiers.map((r) => [r.hash, r.profile_id]))).toEqual(oracle.assignment());
    const profiles: { customer_id: string; status: 'active' | 'merged'; version: number }[] =
      await db.dataSource.query(`SELECT customer_id, status, version FROM profiles`);
    expect(
      new Map(profiles.map((p) => [p.customer_id, { status: p.status, version: p.version }])),
    ).toEqual(oracle.profiles);
    const [{ links }] = await db.dataSource.query(`SELECT count(*)::int AS links FROM links`);
    expect(links).toBe(oracle.linkCount);
    const dead = await db.dataSource.query(`SELECT error FROM dead_letters`);
    expect(dead).toEqual([]);

    // Every event on identity.resolved-events.v1, with the customerId its committed resolution gave.
    const customerOf = new Map(log.map((row) => [row.source_event_id, row.customer_id]));
    const published = await eventually(
      async () => {
        const values = reader.messages.map(
          (m) =>
            JSON.parse((m.value as Buffer).toString('utf8')) as {
              eventId: string;
              customerId: string;
            },
        );
        return new Set(values.map((v) => v.eventId)).size === EVENTS ? values : undefined;
      },
      `all ${EVENTS} resolved events to be published`,
      60_000,
    );
    expect(published.filter((v) => v.customerId !== customerOf.get(v.eventId))).toEqual([]);
  });
});
