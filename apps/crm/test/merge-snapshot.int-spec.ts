import { randomUUID } from 'node:crypto';
import { eventually, useHarness } from '@omni/testing';
import type { QueryRunner } from 'typeorm';
import { IdentityChangesRepository } from '../src/identity-changes/identity-changes.repository';
import { PointsService } from '../src/points/points.service';
import { eventKeyOf, paid, startCrm } from './support/crm-harness';

type Placement = { lot_id: string; lot_customer: string; entry_customer: string | null };

/**
 * A merge (or a split's move) must leave every ledger entry on its lot's customer, whatever
 * commits while it runs.
 *
 * A merge moves a merged id's rows of every table in one statement. Were the tables moved one
 * statement at a time, a transaction of the merged id committing between two of them (its first
 * order makes the customer, so no row lock holds it back) would leave its lot on the merged id
 * and move its ledger entries to the survivor. Here the interleaving is forced: another
 * connection holds a lot of the merged id, so the merge's statement waits while the order commits.
 */
describe('a merge and a concurrent writer of the merged id', () => {
  const crm = useHarness(() => startCrm());

  const open = async (): Promise<QueryRunner> => {
    const runner = crm.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    return runner;
  };

  /** Each ledger entry with its lot's customer, for every lot or entry on one of `ids`. */
  const placementsOf = (ids: string[]): Promise<Placement[]> =>
    crm.dataSource.query(
      `SELECT l.lot_id, l.customer_id AS lot_customer, e.customer_id AS entry_customer
       FROM point_lots l JOIN point_ledger e ON e.lot_id = l.lot_id
       WHERE l.customer_id = ANY($1::text[]) OR e.customer_id = ANY($1::text[])`,
      [ids],
    );

  it('keeps every lot and its ledger entries on one customer', async () => {
    const [survivor, merged] = [`cus-s-${randomUUID()}`, `cus-m-${randomUUID()}`];
    await crm.apply(
      paid(survivor, `o-${randomUUID()}`, 10_000, '2026-06-01T10:00:00Z'),
      paid(merged, `o-${randomUUID()}`, 20_000, '2026-06-02T10:00:00Z'),
    );

    const holder = await open();
    const [{ pid: holderPid }]: { pid: number }[] = await holder.query(
      `SELECT pg_backend_pid() AS pid`,
    );
    await holder.query(`SELECT lot_id FROM point_lots WHERE customer_id = $1 FOR UPDATE`, [merged]);
    const folding = crm.dataSource.transaction((tx) =>
      crm.app.get(IdentityChangesRepository).fold(tx, survivor, [merged], new Date()),
    );
    // The merge waits on the held lot.
    await eventually(async () => {
      const [{ waiting }]: { waiting: number }[] = await crm.dataSource.query(
        `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))`,
        [holderPid],
      );
      return waiting > 0 ? true : undefined;
    }, 'the merge to wait on the held lot');

    // Meanwhile an order of the merged id commits its lot and the entry that earned it.
    const lotId = `lot-${randomUUID()}`;
    const order = await open();
    await order.query(
      `INSERT INTO point_lots (lot_id, customer_id, source, order_id, earned, remaining, earned_at, expires_at)
       VALUES ($1, $2, 'order', $3, 70, 70, now(), now() + interval '1 year')`,
      [lotId, merged, `o-${randomUUID()}`],
    );
    await order.query(
      `INSERT INTO point_ledger (entry_id, customer_id, entry_type, delta, lot_id, occurred_at)
       VALUES ($1, $2, 'earn', 70, $3, now())`,
      [`e-${randomUUID()}`, merged, lotId],
    );
    await order.commitTransaction();
    await order.release();
    await holder.commitTransaction();
    await holder.release();
    await folding;

    const placements = await placementsOf([survivor, merged]);
    // The two lots from before the merge moved; the order's lot, committed after the merge's
    // statement began, stayed on the merged id with its entry.
    expect(placements.filter((p) => p.lot_customer === survivor)).toHaveLength(2);
    expect(placements.find((p) => p.lot_id === lotId)).toEqual({
      lot_id: lotId,
      lot_customer: merged,
      entry_customer: merged,
    });
    expect(placements.filter((p) => p.entry_customer !== p.lot_customer)).toEqual([]);
  });

  /**
   * The points expiry locks no customer, only the lots it claims. Here it has claimed a lot of
   * the merged id and written the entry that expires it, and waits (on the outbox, held by
   * another connection) before committing, when the merge (or a split's move) reaches that lot.
   */
  const expiringDuring = async (change: () => Promise<void>): Promise<void> => {
    const waitingOn = (pid: number, what: string, query = '%') =>
      eventually(async () => {
        const rows: { pid: number }[] = await crm.dataSource.query(
          `SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid)) AND query ILIKE $2`,
          [pid, query],
        );
        return rows[0]?.pid;
      }, what);
    const holder = await open();
    let expiring: Promise<unknown> = Promise.resolve();
    let changing: Promise<unknown> = Promise.resolve();
    try {
      const [{ pid: holderPid }]: { pid: number }[] = await holder.query(
        `SELECT pg_backend_pid() AS pid`,
      );
      await holder.query(`LOCK TABLE outbox IN EXCLUSIVE MODE`);
      expiring = crm.app.get(PointsService).expire(new Date());
      // The outbox's relay may wait on the holder too; the expiry is the one inserting.
      const expiryPid = await waitingOn(
        holderPid,
        'the expiry to wait on the outbox',
        '%INSERT INTO%outbox%',
      );
      // The expiry has written its entry for the lot, on the id the lot had then.
      changing = change();
      await waitingOn(expiryPid, 'the change to wait on the lot the expiry holds');
    } finally {
      await holder.commitTransaction();
      await holder.release();
    }
    const [expired] = await Promise.all([expiring, changing]);
    expect(expired).toMatchObject({ lots: 1 });
  };

  const misplaced = async (ids: string[]): Promise<Placement[]> => {
    const placements = await placementsOf(ids);
    expect(placements.length).toBeGreaterThan(0);
    return placements.filter((p) => p.entry_customer !== p.lot_customer);
  };

  /** Points written off on `customerId`'s ledger, and the points its written-off lots had earned. */
  const expiredOn = async (
    customerId: string,
  ): Promise<{ expired: number; earnedOnExpiredLots: number }> => {
    const [row]: { expired: string; earned: string }[] = await crm.dataSource.query(
      `SELECT (SELECT -coalesce(sum(delta), 0) FROM point_ledger
                WHERE customer_id = $1 AND entry_type = 'expire') AS expired,
              (SELECT coalesce(sum(earned), 0) FROM point_lots
                WHERE customer_id = $1 AND remaining = 0 AND expires_at <= now()) AS earned`,
      [customerId],
    );
    return { expired: Number(row.expired), earnedOnExpiredLots: Number(row.earned) };
  };

  it('moves the entry of a lot that an expiry was writing off when the merge reached it', async () => {
    const [survivor, merged] = [`cus-s-${randomUUID()}`, `cus-m-${randomUUID()}`];
    // Earned 14 months ago: the lot has expired.
    await crm.apply(
      paid(survivor, `o-${randomUUID()}`, 10_000),
      paid(merged, `o-${randomUUID()}`, 20_000, new Date(Date.now() - 420 * 86_400_000)),
    );
    await expiringDuring(() =>
      crm.dataSource.transaction((tx) =>
        crm.app.get(IdentityChangesRepository).fold(tx, survivor, [merged], new Date()),
      ),
    );
    expect(await misplaced([survivor, merged])).toEqual([]);
    expect(await expiredOn(survivor)).toEqual({ expired: 200, earnedOnExpiredLots: 200 });
    const [{ left }]: { left: number }[] = await crm.dataSource.query(
      `SELECT count(*)::int AS left FROM point_ledger WHERE customer_id = $1`,
      [merged],
    );
    expect(left).toBe(0);
  });

  it("moves the entry of a lot that an expiry was writing off when a split's move reached it", async () => {
    const [from, to] = [`cus-f-${randomUUID()}`, `cus-t-${randomUUID()}`];
    const order = paid(from, `o-${randomUUID()}`, 20_000, new Date(Date.now() - 420 * 86_400_000));
    await crm.apply(order, paid(to, `o-${randomUUID()}`, 10_000));
    await expiringDuring(() =>
      crm.dataSource.transaction((tx) =>
        crm.app.get(IdentityChangesRepository).move(tx, from, to, [eventKeyOf(order)]),
      ),
    );
    expect(await misplaced([from, to])).toEqual([]);
    expect(await expiredOn(to)).toEqual({ expired: 200, earnedOnExpiredLots: 200 });
    expect(await expiredOn(from)).toEqual({ expired: 0, earnedOnExpiredLots: 0 });
  });
});
