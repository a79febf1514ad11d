import { randomUUID } from 'node:crypto';
import { eventually, useHarness } from '@omni/testing';
import type { QueryRunner } from 'typeorm';
import { IdentityChangesRepository } from '../src/identity-changes/identity-changes.repository';
import { paid, startCrm } from './support/crm-harness';

type Placement = { lot_id: string; lot_customer: string; entry_customer: string | null };

/**
 * A merge moves a merged id's rows of every table in one statement. Were the tables moved one
 * statement at a time, a transaction of the merged id committing between two of them (its first
 * order makes the customer, so no row lock holds it back) would leave its lot on the merged id
 * and move its ledger entries to the survivor. Here the interleaving is forced: another
 * connection holds a lot of the merged id, so the merge's statement waits while the order commits.
 */
describe('a merge and a concurrent first order of the merged id', () => {
  const crm = useHarness(() => startCrm());

  const open = async (): Promise<QueryRunner> => {
    const runner = crm.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    return runner;
  };

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

    const placements: Placement[] = await crm.dataSource.query(
      `SELECT l.lot_id, l.customer_id AS lot_customer, e.customer_id AS entry_customer
       FROM point_lots l JOIN point_ledger e ON e.lot_id = l.lot_id
       WHERE l.customer_id = ANY($1::text[])`,
      [[survivor, merged]],
    );
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
});
