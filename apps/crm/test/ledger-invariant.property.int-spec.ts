import { randomUUID } from 'node:crypto';
import { parseDownstreamEvent, type DownstreamEventOf } from '@omni/contracts';
import { transientDatabaseFailure } from '@omni/database';
import { ApiError } from '@omni/platform';
import fc from 'fast-check';
import { useHarness } from '@omni/testing';
import { IdentityChangesService } from '../src/identity-changes/identity-changes.service';
import { PointsService } from '../src/points/points.service';
import {
  auth,
  paid,
  profileChange,
  refunded,
  resolvedEvent,
  startCrm,
  type Crm,
} from './support/crm-harness';

type Op =
  | { kind: 'pay'; who: number; amount: number; month: number }
  | { kind: 'refund'; who: number; order: number; share: number }
  | { kind: 'cancel'; who: number; order: number }
  | { kind: 'redeem'; who: number; points: number }
  | { kind: 'adjust'; who: number; points: number }
  | { kind: 'expire' }
  | { kind: 'merge'; into: number; from: number };

const PEOPLE = 3;
const who = fc.integer({ min: 0, max: PEOPLE - 1 });
const op: fc.Arbitrary<Op> = fc.oneof(
  // Months back from now: some lots have expired by the time they are earned.
  fc.record({
    kind: fc.constant('pay' as const),
    who,
    amount: fc.integer({ min: 1, max: 60_000 }),
    month: fc.integer({ min: 0, max: 16 }),
  }),
  fc.record({
    kind: fc.constant('refund' as const),
    who,
    order: fc.nat(20),
    share: fc.integer({ min: 1, max: 100 }),
  }),
  fc.record({ kind: fc.constant('cancel' as const), who, order: fc.nat(20) }),
  fc.record({
    kind: fc.constant('redeem' as const),
    who,
    points: fc.integer({ min: 1, max: 400 }),
  }),
  fc.record({
    kind: fc.constant('adjust' as const),
    who,
    points: fc.integer({ min: -300, max: 300 }).filter((p) => p !== 0),
  }),
  fc.constant({ kind: 'expire' as const }),
  fc.record({ kind: fc.constant('merge' as const), into: who, from: who }),
);

describe('points ledger invariant (property)', () => {
  const crm = useHarness(startCrm);

  it('the balance equals the ledger sum and no lot goes negative, whatever the interleaving of earn, burn, reverse, expire and merge', async () => {
    const points = crm.app.get(PointsService);
    const changes = crm.app.get(IdentityChangesService);
    let version = 1;
    await fc.assert(
      fc.asyncProperty(
        // Ops in rounds; the ops of one round run concurrently.
        fc.array(fc.array(op, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 8 }),
        async (rounds) => {
          const run = randomUUID().slice(0, 8);
          const ids = Array.from({ length: PEOPLE }, (_, i) => `cus-${run}-${i}`);
          const orders: { who: number; orderId: string; amount: number }[] = [];
          const execute = async (o: Op): Promise<void> => {
            switch (o.kind) {
              case 'pay': {
                const orderId = `o-${randomUUID()}`;
                orders.push({ who: o.who, orderId, amount: o.amount });
                const at = new Date(Date.now() - o.month * 30 * 86_400_000);
                return asItsCallerDoes(() => crm.apply(paid(ids[o.who], orderId, o.amount, at)));
              }
              case 'refund': {
                const order = orders[o.order % Math.max(1, orders.length)];
                if (order === undefined) return;
                const amount = Math.max(1, Math.floor((order.amount * o.share) / 100));
                return asItsCallerDoes(() =>
                  crm.apply(refunded(ids[order.who], order.orderId, amount)),
                );
              }
              case 'cancel': {
                const order = orders[o.order % Math.max(1, orders.length)];
                if (order === undefined) return;
                return asItsCallerDoes(() =>
                  crm.apply(
                    resolvedEvent('order.cancelled', ids[order.who], {
                      payload: { orderId: order.orderId },
                    }),
                  ),
                );
              }
              case 'redeem':
                return asItsCallerDoes(() =>
                  refusalsAllowed(points.redeem(ids[o.who], randomUUID(), { points: o.points })),
                );
              case 'adjust':
                return asItsCallerDoes(() =>
                  refusalsAllowed(
                    points.adjust(ids[o.who], { points: o.points, reason: 'property' }),
                  ),
                );
              case 'expire':
                await asItsCallerDoes(async () => {
                  await points.expire(new Date());
                });
                return;
              case 'merge': {
                if (o.into === o.from) return;
                version += 1;
                const event = parseDownstreamEvent(
                  profileChange('profile.merged', ids[o.into], {
                    survivorId: ids[o.into],
                    mergedIds: [ids[o.from]],
                    version,
                  }),
                ) as DownstreamEventOf<'profile.merged', 1>;
                return asItsCallerDoes(() =>
                  crm.dataSource.transaction((tx) => changes.merged(tx, event)),
                );
              }
            }
          };
          for (const round of rounds) await Promise.all(round.map(execute));
          await expectLedgerConsistent(crm, ids);
        },
      ),
      { numRuns: 25 },
    );
  });
});

/**
 * Runs an op again when Postgres aborted its transaction as a deadlock victim (or on another
 * transient failure), as its caller does: the consumer retries an event's transaction, and an
 * HTTP client gets 503 and tries again. Such a deadlock is real and rare: a merge that locked
 * its customers before a merged id's first order committed, and a refund of that order that
 * then locked the new customer, each wait for a row the other holds. Nothing of an aborted
 * transaction stays, so the ledger's invariant is checked over what committed, as before.
 */
async function asItsCallerDoes(work: () => Promise<void>, attempts = 5): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt === attempts || transientDatabaseFailure(error) === undefined) throw error;
    }
  }
}

/** A refused redemption or adjustment (nothing to burn, no such customer yet) is part of the game. */
async function refusalsAllowed(work: Promise<unknown>): Promise<void> {
  try {
    await work;
  } catch (error) {
    if (!(error instanceof ApiError) || ![404, 409].includes(error.getStatus())) throw error;
  }
}

async function expectLedgerConsistent(crm: Crm, ids: string[]): Promise<void> {
  const lots: { lot_id: string; remaining: number; on_lot: string }[] = await crm.dataSource.query(
    `SELECT l.lot_id, l.remaining, coalesce(sum(e.delta), 0) AS on_lot
     FROM point_lots l LEFT JOIN point_ledger e ON e.lot_id = l.lot_id
     WHERE l.customer_id = ANY($1::text[]) GROUP BY l.lot_id, l.remaining`,
    [ids],
  );
  for (const lot of lots) {
    expect(lot.remaining).toBeGreaterThanOrEqual(0);
    expect(lot.remaining).toBe(Number(lot.on_lot));
  }
  const sums: { customer_id: string; ledger: string; lots: string; unattached: string }[] =
    await crm.dataSource.query(
      `SELECT c.customer_id,
            (SELECT coalesce(sum(delta), 0) FROM point_ledger WHERE customer_id = c.customer_id) AS ledger,
            (SELECT coalesce(sum(remaining), 0) FROM point_lots WHERE customer_id = c.customer_id) AS lots,
            (SELECT coalesce(sum(delta), 0) FROM point_ledger WHERE customer_id = c.customer_id AND lot_id IS NULL) AS unattached
     FROM customers c WHERE c.customer_id = ANY($1::text[])`,
      [ids],
    );
  for (const row of sums) {
    expect(Number(row.ledger)).toBe(Number(row.lots) + Number(row.unattached));
    const response = await crm.app.inject({
      method: 'GET',
      url: `/v1/customers/${row.customer_id}/points`,
      headers: auth,
    });
    expect(response.json().balance).toBe(Number(row.ledger));
  }
}
