import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Tables whose rows belong to one customer and move with a merge. */
const CUSTOMER_TABLES = [
  'customer_facts',
  'point_lots',
  'point_ledger',
  'point_redemptions',
  'tier_points',
  'tier_changes',
] as const;

/** crm-core's side of merges, splits and erasures, in the caller's inbox transaction. */
@Injectable()
export class IdentityChangesRepository {
  /**
   * Re-keys everything held under `mergedIds` to the survivor, and remembers that they (and any
   * id merged into them before) now lead to it.
   */
  async fold(
    tx: EntityManager,
    survivorId: string,
    mergedIds: readonly string[],
    at: Date,
  ): Promise<void> {
    await tx.query(
      `UPDATE merged_customers SET survivor_id = $1 WHERE survivor_id = ANY($2::text[])`,
      [survivorId, mergedIds],
    );
    await tx.query(
      `INSERT INTO merged_customers (customer_id, survivor_id, merged_at)
       SELECT id, $1, $3 FROM unnest($2::text[]) AS id
       ON CONFLICT (customer_id) DO UPDATE SET survivor_id = EXCLUDED.survivor_id, merged_at = EXCLUDED.merged_at`,
      [survivorId, mergedIds, at],
    );
    // A survivor is nobody's merged id.
    await tx.query(`DELETE FROM merged_customers WHERE customer_id = $1`, [survivorId]);
    // One statement, so one snapshot: a transaction of a merged id that commits meanwhile (its
    // first order creates the customer, so no row lock holds it back) has its lot and its
    // ledger entries moved together or left together, never the lot left and the entries moved.
    await tx.query(
      `WITH ${CUSTOMER_TABLES.map(
        (table) =>
          `${table}_moved AS (UPDATE ${table} SET customer_id = $1 WHERE customer_id = ANY($2::text[]))`,
      ).join(',\n')}
       SELECT 1`,
      [survivorId, mergedIds],
    );
    await followLots(tx, mergedIds);
    await tx.query(`DELETE FROM customers WHERE customer_id = ANY($1::text[])`, [mergedIds]);
  }

  /** Moves the facts of the listed events, their lots with every entry on them, and their tier points. */
  async move(
    tx: EntityManager,
    fromId: string,
    toId: string,
    eventKeys: readonly string[],
  ): Promise<void> {
    await tx.query(
      `UPDATE customer_facts SET customer_id = $2 WHERE customer_id = $1 AND event_key = ANY($3::text[])`,
      [fromId, toId, eventKeys],
    );
    await tx.query(
      `WITH moved AS (
         UPDATE point_lots SET customer_id = $2 WHERE customer_id = $1 AND event_key = ANY($3::text[])
         RETURNING lot_id
       )
       UPDATE point_ledger SET customer_id = $2
       WHERE customer_id = $1
         AND (lot_id IN (SELECT lot_id FROM moved) OR (lot_id IS NULL AND event_key = ANY($3::text[])))`,
      [fromId, toId, eventKeys],
    );
    await followLots(tx, [fromId]);
    await tx.query(
      `UPDATE tier_points SET customer_id = $2 WHERE customer_id = $1 AND event_key = ANY($3::text[])`,
      [fromId, toId, eventKeys],
    );
  }

  /**
   * Deletes everything that identifies the customer; ledger amounts stay for accounting with
   * no customer, lot, order, redemption, event or reason on them. The id is remembered so a
   * late event of it attaches to nothing.
   */
  async erase(tx: EntityManager, customerId: string): Promise<void> {
    await tx.query(
      `UPDATE point_ledger SET customer_id = NULL, lot_id = NULL, order_id = NULL, redemption_id = NULL,
              event_key = NULL, reason = NULL
       WHERE customer_id = $1`,
      [customerId],
    );
    for (const table of [
      'customer_facts',
      'point_lots',
      'point_redemptions',
      'tier_points',
      'tier_changes',
      'customer_profiles',
      'customers',
    ]) {
      await tx.query(`DELETE FROM ${table} WHERE customer_id = $1`, [customerId]);
    }
    // The ids merged into the person lead nowhere any more.
    await tx.query(`DELETE FROM merged_customers WHERE customer_id = $1 OR survivor_id = $1`, [
      customerId,
    ]);
    await tx.query(
      `INSERT INTO erased_customers (customer_id) VALUES ($1) ON CONFLICT DO NOTHING`,
      [customerId],
    );
  }
}

/**
 * Moves the entries left on `fromIds` whose lot has moved. A lot that a points expiry holds
 * when the move reaches it is moved once the expiry commits, but the expiry's entry on it was
 * not in the move's snapshot; this statement, with a snapshot of its own, takes it along.
 */
async function followLots(tx: EntityManager, fromIds: readonly string[]): Promise<void> {
  await tx.query(
    `UPDATE point_ledger e SET customer_id = l.customer_id
     FROM point_lots l
     WHERE e.customer_id = ANY($1::text[]) AND e.lot_id = l.lot_id AND l.customer_id <> e.customer_id`,
    [fromIds],
  );
}
