import { randomUUID } from 'node:crypto';
import { parseDownstreamEvent } from '@omni/contracts';
import fc from 'fast-check';
import type { EntityManager } from 'typeorm';
import { useHarness } from '@omni/testing';
import { CustomerActivityService } from '../src/customers/customer-activity.service';
import { PointsService } from '../src/points/points.service';
import {
  eventually,
  paid,
  pollUntil,
  refunded,
  resolvedEvent,
  startCrm,
} from './support/crm-harness';

type Op =
  | { kind: 'pay'; amount: number; day: number }
  | { kind: 'refund'; order: number; share: number; day: number }
  | { kind: 'cancel'; order: number; day: number }
  | { kind: 'review'; order: number; day: number }
  | { kind: 'visit'; day: number }
  | { kind: 'contact'; day: number };

const DAY_MS = 86_400_000;
const START = Date.parse('2025-01-01T00:00:00.000Z');

const day = fc.integer({ min: 0, max: 120 });
const order = fc.nat(8);
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('pay' as const),
      amount: fc.integer({ min: 100, max: 1_500_000 }),
      day,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('refund' as const),
      order,
      share: fc.integer({ min: 1, max: 100 }),
      day,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), order, day }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('review' as const), order, day }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('visit' as const), day }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('contact' as const), day }) },
);

/** The events of `ops` for one customer; order numbers are the customer's own. */
function eventsOf(customerId: string, ops: readonly Op[]): Record<string, unknown>[] {
  const paidAmounts: number[] = [];
  const orderId = (n: number) => `${customerId}:o${n}`;
  return ops.map((o) => {
    const at = new Date(START + o.day * DAY_MS);
    switch (o.kind) {
      case 'pay':
        paidAmounts.push(o.amount);
        return paid(customerId, orderId(paidAmounts.length - 1), o.amount, at);
      case 'refund': {
        const amount = paidAmounts[o.order] ?? 10_000;
        return refunded(
          customerId,
          orderId(o.order),
          Math.max(1, Math.round((amount * o.share) / 100)),
          at,
        );
      }
      case 'cancel':
        return resolvedEvent('order.cancelled', customerId, {
          payload: { orderId: orderId(o.order) },
          occurredAt: at,
        });
      case 'review':
        return resolvedEvent('review.submitted', customerId, {
          payload: { orderId: orderId(o.order), reviewId: `rv-${randomUUID()}`, rating: 4 },
          occurredAt: at,
        });
      case 'visit':
        return resolvedEvent('store.visited', customerId, { occurredAt: at });
      case 'contact':
        return resolvedEvent('service.contacted', customerId, { occurredAt: at });
    }
  });
}

describe('resolved events that move points or tiers, a batch at a time', () => {
  // Short expiry and tier window, and capped clawback, so batches cross every branch.
  const crm = useHarness(() =>
    startCrm({
      CRM_POINTS_EXPIRY_MONTHS: '1',
      CRM_TIER_WINDOW_DAYS: '30',
      CRM_POINTS_CLAWBACK: 'capped',
      CONSUMER_MAX_ATTEMPTS: '2',
      CONSUMER_INITIAL_BACKOFF_MS: '50',
      CONSUMER_MAX_BACKOFF_MS: '100',
    }),
  );

  const inOneBatch = (events: readonly Record<string, unknown>[]) =>
    crm.dataSource.transaction((tx: EntityManager) =>
      crm.app.get(CustomerActivityService).applyMany(
        events.map((event) => parseDownstreamEvent(event)),
        tx,
      ),
    );

  /** Everything crm-core holds of a customer, with its own id and fresh ids taken out. */
  async function stateOf(customerId: string) {
    const q = (sql: string) => crm.dataSource.query(sql, [customerId]);
    const own = (value: unknown) =>
      typeof value === 'string' ? value.replace(customerId, '<c>') : value;
    const [customer] = await q(`SELECT tier, tier_since FROM customers WHERE customer_id = $1`);
    const lots = await q(
      `SELECT source, order_id, earned, remaining, earned_at, expires_at FROM point_lots
       WHERE customer_id = $1 ORDER BY seq`,
    );
    const ledger = await q(
      `SELECT e.entry_type, e.delta, e.order_id, e.reason, e.occurred_at, l.seq AS lot
       FROM point_ledger e LEFT JOIN point_lots l ON l.lot_id = e.lot_id
       WHERE e.customer_id = $1 ORDER BY e.seq`,
    );
    const tierPoints = await q(
      `SELECT order_id, points, occurred_at FROM tier_points WHERE customer_id = $1
       ORDER BY occurred_at, order_id, points`,
    );
    const changes = await q(
      `SELECT previous_tier, tier, reason, assessment, occurred_at FROM tier_changes
       WHERE customer_id = $1 ORDER BY seq`,
    );
    const lotSeqs = new Map(
      (await q(`SELECT seq FROM point_lots WHERE customer_id = $1 ORDER BY seq`)).map(
        (row: { seq: string }, i: number) => [row.seq, i],
      ),
    );
    return {
      customer,
      lots: lots.map((l: Record<string, unknown>) => ({ ...l, order_id: own(l['order_id']) })),
      ledger: ledger.map((e: Record<string, unknown>) => ({
        ...e,
        order_id: own(e['order_id']),
        lot: e['lot'] === null ? null : lotSeqs.get(e['lot'] as string),
      })),
      tierPoints: tierPoints.map((t: Record<string, unknown>) => ({
        ...t,
        order_id: own(t['order_id']),
      })),
      changes,
    };
  }

  it('events of one customer in one batch leave exactly what they leave applied one at a time', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { maxLength: 6 }),
        fc.integer({ min: 0, max: 3_000 }),
        fc.array(op, { minLength: 1, maxLength: 14 }),
        async (history, redeem, ops) => {
          const [single, batched] = [`cus-${randomUUID()}`, `cus-${randomUUID()}`];
          // The same earlier history and redemption for both, so the batch starts from held lots.
          for (const customerId of [single, batched]) {
            await crm.apply(
              resolvedEvent('page.viewed', customerId, { occurredAt: new Date(START - DAY_MS) }),
              ...eventsOf(customerId, history),
            );
            if (redeem > 0 && history.length > 0) {
              await crm.app
                .get(PointsService)
                .redeem(customerId, randomUUID(), { points: redeem })
                .catch(() => undefined);
            }
          }
          const opsWithHistory = [...history, ...ops];
          await crm.apply(...eventsOf(single, opsWithHistory).slice(history.length));
          await inOneBatch(eventsOf(batched, opsWithHistory).slice(history.length));
          const [a, b] = [await stateOf(single), await stateOf(batched)];
          // Redemptions burn at processing time, so their entries' times differ; all else is equal.
          const untimed = (s: typeof a) => ({
            ...s,
            ledger: s.ledger.map((e: Record<string, unknown>) =>
              e['entry_type'] === 'burn' ? { ...e, occurred_at: null } : e,
            ),
          });
          expect(untimed(b)).toEqual(untimed(a));
        },
      ),
      { numRuns: 25 },
    );
  });

  it('a batch delivered again applies nothing twice, and two copies of one event in a batch count once', async () => {
    const [single, batched] = [`cus-${randomUUID()}`, `cus-${randomUUID()}`];
    const [x, y] = [`o-${randomUUID()}`, `o-${randomUUID()}`];
    const at = new Date(START + 10 * DAY_MS);
    const build = (customerId: string) => [
      paid(customerId, `${customerId}:${x}`, 300_000, at),
      paid(customerId, `${customerId}:${y}`, 50_000, at),
      refunded(customerId, `${customerId}:${x}`, 100_000, new Date(at.getTime() + DAY_MS)),
    ];
    await crm.apply(...build(single));
    const events = build(batched);
    await inOneBatch([events[0], ...events, events[2]]);
    await inOneBatch(events);
    const [a, b] = [await stateOf(single), await stateOf(batched)];
    expect(b).toEqual(a);
    expect(b.lots).toHaveLength(2);
    expect(b.ledger.filter((e: { entry_type: string }) => e.entry_type === 'reverse')).toHaveLength(
      1,
    );
  });

  it('a batch that fails at its last write leaves nothing of any of its customers', async () => {
    const [first, second, failing] = [
      `cus-${randomUUID()}`,
      `cus-${randomUUID()}`,
      `cus-${randomUUID()}`,
    ];
    const at = new Date(START);
    const events = [
      paid(first, `o-${randomUUID()}`, 400_000, at),
      resolvedEvent('product.viewed', second, { occurredAt: at }),
      paid(second, `o-${randomUUID()}`, 90_000, at),
      paid(failing, `o-${randomUUID()}`, 400_000, at),
    ];
    // The upgrade's audit row is written after every lot, entry and tier point of the batch:
    // refusing it stands for a crash between the batch's writes.
    await crm.dataSource.query(`
      CREATE FUNCTION refuse_upgrade() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.customer_id = '${failing}' AND NEW.previous_tier IS NOT NULL THEN
          RAISE EXCEPTION 'refused for the test';
        END IF;
        RETURN NEW;
      END $$`);
    await crm.dataSource.query(
      `CREATE TRIGGER refuse_upgrade BEFORE INSERT ON tier_changes FOR EACH ROW EXECUTE FUNCTION refuse_upgrade()`,
    );
    try {
      await expect(inOneBatch(events)).rejects.toThrow('refused for the test');
    } finally {
      await crm.dataSource.query(`DROP TRIGGER refuse_upgrade ON tier_changes`);
      await crm.dataSource.query(`DROP FUNCTION refuse_upgrade()`);
    }
    const ids = [first, second, failing];
    for (const table of [
      'customers',
      'customer_facts',
      'point_lots',
      'point_ledger',
      'tier_points',
      'tier_changes',
    ]) {
      const [{ n }] = await crm.dataSource.query(
        `SELECT count(*)::int AS n FROM ${table} WHERE customer_id = ANY($1::text[])`,
        [ids],
      );
      expect({ table, n }).toEqual({ table, n: 0 });
    }
    const [{ n: outbox }] = await crm.dataSource.query(
      `SELECT count(*)::int AS n FROM outbox o, unnest($1::text[]) AS c(id)
       WHERE position(convert_to(c.id, 'UTF8') IN o.value) > 0`,
      [ids],
    );
    expect(outbox).toBe(0);
    await inOneBatch(events);
    const balances = await crm.dataSource.query(
      `SELECT customer_id, sum(delta)::int AS balance FROM point_ledger
       WHERE customer_id = ANY($1::text[]) GROUP BY customer_id ORDER BY customer_id`,
      [ids],
    );
    expect(
      Object.fromEntries(
        balances.map((r: { customer_id: string; balance: number }) => [r.customer_id, r.balance]),
      ),
    ).toEqual({
      [first]: 4_000,
      [second]: 900,
      [failing]: 4_000,
    });
  });

  it('through Kafka, an event whose effects fail goes to the dead-letter topic and the rest of its batch applies', async () => {
    const [first, second, failing] = [
      `cus-${randomUUID()}`,
      `cus-${randomUUID()}`,
      `cus-${randomUUID()}`,
    ];
    const poison = paid(failing, `o-${randomUUID()}`, 10_000);
    await crm.dataSource.query(`
      CREATE FUNCTION refuse_lot() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.customer_id = '${failing}' THEN RAISE EXCEPTION 'lot refused for the test'; END IF;
        RETURN NEW;
      END $$`);
    await crm.dataSource.query(
      `CREATE TRIGGER refuse_lot BEFORE INSERT ON point_lots FOR EACH ROW EXECUTE FUNCTION refuse_lot()`,
    );
    try {
      // One key, so one partition: the four arrive in one batch.
      await crm.producer.send(
        crm.topics.resolvedEvents,
        [
          paid(first, `o-${randomUUID()}`, 20_000),
          poison,
          paid(second, `o-${randomUUID()}`, 30_000),
          paid(first, `o-${randomUUID()}`, 5_000),
        ].map((event) => ({ key: first, value: JSON.stringify(event) })),
      );
      await eventually(async () => {
        const [{ n }]: { n: number }[] = await crm.dataSource.query(
          `SELECT count(*)::int AS n FROM dead_letters
           WHERE convert_from(value, 'UTF8')::jsonb->>'eventId' = $1`,
          [poison.eventId],
        );
        return n === 1 ? n : undefined;
      }, 'the failing event in the dead letters');
    } finally {
      await crm.dataSource.query(`DROP TRIGGER refuse_lot ON point_lots`);
      await crm.dataSource.query(`DROP FUNCTION refuse_lot()`);
    }
    // Dead-lettered and the rest applied: the fourth event, after the failing one, too.
    const balances = await pollUntil(
      async () =>
        Object.fromEntries(
          (
            await crm.dataSource.query(
              `SELECT customer_id, sum(delta)::int AS balance FROM point_ledger
               WHERE customer_id = ANY($1::text[]) GROUP BY customer_id`,
              [[first, second, failing]],
            )
          ).map((r: { customer_id: string; balance: number }) => [r.customer_id, r.balance]),
        ),
      (b) => b[first] === 250 && b[second] === 300,
    );
    expect(balances).toEqual({ [first]: 250, [second]: 300 });
    const [{ n }] = await crm.dataSource.query(
      `SELECT count(*)::int AS n FROM customer_facts WHERE customer_id = $1`,
      [failing],
    );
    expect(n).toBe(0);
  });
});
