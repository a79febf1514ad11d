import { distinctEventsOn, seededRandom, serviceProcessHarness, stopMidBurst } from '@omni/testing';
import { parseConfig } from '@omni/config';
import { identityConfig } from '../src/config/identity-config';
import { IdentifierCrypto } from '../src/identifiers/identifier-crypto';
import { channelEvent, IDENTITY_MAIN, identityTestEnv } from './support/identity-harness';
import { UnionFindOracle, type OracleEvent } from './support/union-find-oracle';

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

function valueOf(type: PoolType, n: number): string {
  if (type === 'phone') return n === 0 ? '+8613800138000' : `+86139${String(n).padStart(8, '0')}`;
  if (type === 'email') return `p${n}@example.com`;
  if (type === 'cookieId' && n === 0) return 'null';
  return `${type}-${n}`;
}

function burst(): (OracleEvent & { eventId: string })[] {
  const next = seededRandom(20_251_122);
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
  const harness = serviceProcessHarness(
    IDENTITY_MAIN,
    () =>
      identityTestEnv({
        // Small transactions and parallel partitions, so the kill lands between and inside commits.
        env: { IDENTITY_CONSUMER_BATCH_SIZE: '10', IDENTITY_PARTITIONS_CONCURRENTLY: '3' },
      }),
    {
      stopWith: 'SIGTERM',
      read: (identity) => identity.topics.resolved,
      waitFor: '/health/live',
    },
  );
  const resolvedCount = () =>
    harness.count(`SELECT count(DISTINCT source_event_id)::int AS n FROM resolution_log`);

  it('after a restart ends with the graph a union-find oracle computes from the same events, every event resolved once and no effect doubled', async () => {
    const events = burst();
    const first = await harness.start();
    await harness.kafka.producer.send(
      harness.setup.topics.input,
      events.map((value, i) => ({ key: `k${i % 17}`, value })),
    );
    // Kill once some, but far from all, events are resolved; then restart.
    const stopped = await stopMidBurst({
      running: first,
      signal: 'SIGKILL',
      applied: resolvedCount,
      total: EVENTS,
      restart: () => harness.start(),
    });
    expect(stopped.exit).toBe('SIGKILL');
    expect(stopped.appliedAtStop).toBeLessThan(EVENTS);

    // The graph, against the oracle applying the events in the order they were committed.
    const config = parseConfig(identityConfig, harness.setup.env);
    const oracle = new UnionFindOracle(config.policy, new IdentifierCrypto(config.crypto));
    const byId = new Map(events.map((e) => [e.eventId, e]));
    const log: { source_event_id: string; customer_id: string }[] =
      await harness.setup.db.dataSource.query(
        `SELECT source_event_id, customer_id FROM resolution_log ORDER BY seq`,
      );
    expect(log).toHaveLength(EVENTS);
    for (const { source_event_id } of log) oracle.apply(byId.get(source_event_id) as OracleEvent);

    const identifiers: { hash: string; profile_id: string }[] =
      await harness.setup.db.dataSource.query(`SELECT hash, profile_id FROM identifiers`);
    expect(new Map(identifiers.map((r) => [r.hash, r.profile_id]))).toEqual(oracle.assignment());
    const profiles: { customer_id: string; status: 'active' | 'merged'; version: number }[] =
      await harness.setup.db.dataSource.query(`SELECT customer_id, status, version FROM profiles`);
    expect(
      new Map(profiles.map((p) => [p.customer_id, { status: p.status, version: p.version }])),
    ).toEqual(oracle.profiles);
    const [{ links }] = await harness.setup.db.dataSource.query(
      `SELECT count(*)::int AS links FROM links`,
    );
    expect(links).toBe(oracle.linkCount);
    const dead = await harness.setup.db.dataSource.query(`SELECT error FROM dead_letters`);
    expect(dead).toEqual([]);

    // Every event on identity.resolved-events.v1, with the customerId its committed resolution gave.
    const customerOf = new Map(log.map((row) => [row.source_event_id, row.customer_id]));
    const published = await distinctEventsOn(
      harness.kafka.reader,
      EVENTS,
      `all ${EVENTS} resolved events to be published`,
    );
    expect(published.filter((v) => v.customerId !== customerOf.get(v.eventId))).toEqual([]);
  });
});
