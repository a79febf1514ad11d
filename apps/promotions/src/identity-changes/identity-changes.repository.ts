import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * What promotions holds per customer, under merges, splits and erasure: usage counts, issued
 * codes, offers, experiment assignments, redemptions and the crm read model.
 */
@Injectable()
export class IdentityChangesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Folds the merged profiles into the survivor: counts add up, so per-customer limits still hold. */
  async merge(tx: EntityManager, survivorId: string, mergedIds: readonly string[]): Promise<void> {
    const merged = mergedIds.filter((id) => id !== survivorId);
    if (merged.length === 0) return;
    await tx.query(
      `INSERT INTO coupon_customer_uses (code, customer_id, uses)
       SELECT code, $1, sum(uses) FROM coupon_customer_uses WHERE customer_id = ANY($2) GROUP BY code
       ON CONFLICT (code, customer_id) DO UPDATE SET uses = coupon_customer_uses.uses + excluded.uses`,
      [survivorId, merged],
    );
    await tx.query(`DELETE FROM coupon_customer_uses WHERE customer_id = ANY($1)`, [merged]);
    for (const table of ['coupons', 'offers', 'redemptions', 'customer_orders'])
      await tx.query(`UPDATE ${table} SET customer_id = $1 WHERE customer_id = ANY($2)`, [
        survivorId,
        merged,
      ]);
    // The survivor keeps its own variant; an experiment only a merged profile was in carries over.
    await tx.query(
      `INSERT INTO experiment_assignments (experiment_id, customer_id, variant, assigned_at)
       SELECT DISTINCT ON (experiment_id) experiment_id, $1, variant, assigned_at
         FROM experiment_assignments WHERE customer_id = ANY($2)
        ORDER BY experiment_id, assigned_at, customer_id
       ON CONFLICT (experiment_id, customer_id) DO NOTHING`,
      [survivorId, merged],
    );
    await tx.query(`DELETE FROM experiment_assignments WHERE customer_id = ANY($1)`, [merged]);
    await tx.query(
      `INSERT INTO customers (customer_id, tier, tier_at, orders)
       SELECT $1, NULL, NULL, sum(orders) FROM customers WHERE customer_id = ANY($2) HAVING count(*) > 0
       ON CONFLICT (customer_id) DO UPDATE SET orders = customers.orders + excluded.orders`,
      [survivorId, merged],
    );
    await tx.query(
      `UPDATE customers s SET tier = m.tier, tier_at = m.tier_at
         FROM (SELECT tier, tier_at FROM customers WHERE customer_id = ANY($2) AND tier IS NOT NULL
               ORDER BY tier_at DESC LIMIT 1) m
        WHERE s.customer_id = $1 AND s.tier IS NULL`,
      [survivorId, merged],
    );
    await tx.query(`DELETE FROM customers WHERE customer_id = ANY($1)`, [merged]);
    for (const [table, key] of [
      ['customer_segments', 'segment_id'],
      ['customer_consents', 'channel'],
    ] as const) {
      await tx.query(
        `INSERT INTO ${table} SELECT DISTINCT ON (${key}) $1, ${key}, ${table === 'customer_segments' ? 'segment_name, member' : 'granted'}, changed_at
           FROM ${table} WHERE customer_id = ANY($2) ORDER BY ${key}, changed_at DESC
         ON CONFLICT DO NOTHING`,
        [survivorId, merged],
      );
      await tx.query(`DELETE FROM ${table} WHERE customer_id = ANY($1)`, [merged]);
    }
  }

  /**
   * Moves what the listed source events brought to the new profile: their orders' redemptions
   * with the coupon uses they count, and the offers of journeys those events started or whose
   * code those orders used, with the offers' codes and experiment variants (so the person keeps
   * the variant they were shown).
   */
  async split(
    tx: EntityManager,
    fromId: string,
    moves: readonly { customerId: string; eventKeys: readonly string[] }[],
  ) {
    for (const move of moves) {
      if (move.customerId === fromId || move.eventKeys.length === 0) continue;
      const moved: { code: string | null }[] = await tx.query(
        `WITH moved AS (
           UPDATE redemptions SET customer_id = $2
            WHERE customer_id = $1 AND source_event_key = ANY($3)
            RETURNING coupon_code, status
         ) SELECT coupon_code AS code FROM moved WHERE status = 'recorded'`,
        [fromId, move.customerId, move.eventKeys],
      );
      for (const { code } of moved) {
        if (code === null) continue;
        await tx.query(
          `UPDATE coupon_customer_uses SET uses = uses - 1 WHERE code = $1 AND customer_id = $2 AND uses > 0`,
          [code, fromId],
        );
        await tx.query(
          `INSERT INTO coupon_customer_uses (code, customer_id, uses) VALUES ($1, $2, 1)
           ON CONFLICT (code, customer_id) DO UPDATE SET uses = coupon_customer_uses.uses + 1`,
          [code, move.customerId],
        );
      }
      // The orders the events placed count for the new profile (first-order), not the old one.
      await tx.query(
        `WITH moved AS (
           UPDATE customer_orders SET customer_id = $2
            WHERE customer_id = $1 AND source_event_key = ANY($3) RETURNING order_id
         ), counted AS (SELECT count(*)::int AS n FROM moved),
         taken AS (
           UPDATE customers SET orders = greatest(orders - (SELECT n FROM counted), 0)
            WHERE customer_id = $1 AND (SELECT n FROM counted) > 0
         )
         INSERT INTO customers (customer_id, orders) SELECT $2, n FROM counted WHERE n > 0
         ON CONFLICT (customer_id) DO UPDATE SET orders = customers.orders + excluded.orders`,
        [fromId, move.customerId, move.eventKeys],
      );
      await tx.query(
        `WITH moved AS (
           UPDATE offers SET customer_id = $2
            WHERE customer_id = $1
              AND (origin_event_key = ANY($3)
                   OR coupon_code IN (SELECT coupon_code FROM redemptions
                                       WHERE customer_id = $2 AND source_event_key = ANY($3)
                                         AND coupon_code IS NOT NULL))
            RETURNING coupon_code, experiment_id, variant, issued_at
         ), codes AS (
           UPDATE coupons SET customer_id = $2
            WHERE customer_id = $1 AND code IN (SELECT coupon_code FROM moved)
         )
         INSERT INTO experiment_assignments (experiment_id, customer_id, variant, assigned_at)
         SELECT DISTINCT ON (experiment_id) experiment_id, $2, variant, issued_at
           FROM moved ORDER BY experiment_id, issued_at
         ON CONFLICT (experiment_id, customer_id) DO NOTHING`,
        [fromId, move.customerId, move.eventKeys],
      );
    }
  }

  /** Deletes what identifies the person; redemptions stay, anonymous, so budgets still add up. */
  async erase(tx: EntityManager, customerId: string): Promise<void> {
    await tx.query(`DELETE FROM offers WHERE customer_id = $1`, [customerId]);
    await tx.query(`DELETE FROM coupons WHERE customer_id = $1`, [customerId]);
    for (const table of [
      'customer_orders',
      'coupon_customer_uses',
      'experiment_assignments',
      'customers',
      'customer_segments',
      'customer_consents',
    ])
      await tx.query(`DELETE FROM ${table} WHERE customer_id = $1`, [customerId]);
    await tx.query(
      `UPDATE redemptions SET customer_id = NULL, source_event_key = NULL WHERE customer_id = $1`,
      [customerId],
    );
  }

  /** Everything promotions holds about a customer (the right of access). */
  async export(customerId: string): Promise<Record<string, unknown[]>> {
    const query = (sql: string) => this.dataSource.query(sql, [customerId]) as Promise<unknown[]>;
    const [
      customer,
      segments,
      consents,
      coupons,
      couponUses,
      offers,
      experiments,
      redemptions,
      orders,
    ] = await Promise.all([
      query(`SELECT tier, tier_at AS "tierAt", orders FROM customers WHERE customer_id = $1`),
      query(
        `SELECT segment_id AS "segmentId", segment_name AS "segmentName", member, changed_at AS "changedAt" FROM customer_segments WHERE customer_id = $1 ORDER BY segment_id`,
      ),
      query(
        `SELECT channel, granted, changed_at AS "changedAt" FROM customer_consents WHERE customer_id = $1 ORDER BY channel`,
      ),
      query(
        `SELECT code, campaign_id AS "campaignId", uses, valid_from AS "validFrom", valid_to AS "validTo" FROM coupons WHERE customer_id = $1 ORDER BY code`,
      ),
      query(`SELECT code, uses FROM coupon_customer_uses WHERE customer_id = $1 ORDER BY code`),
      query(
        `SELECT id, campaign_id AS "campaignId", variant, coupon_code AS "couponCode", issued_at AS "issuedAt" FROM offers WHERE customer_id = $1 ORDER BY issued_at, id`,
      ),
      query(
        `SELECT experiment_id AS "experimentId", variant FROM experiment_assignments WHERE customer_id = $1 ORDER BY experiment_id`,
      ),
      query(
        `SELECT id, order_id AS "orderId", campaign_id AS "campaignId", promotion_id AS "promotionId", coupon_code AS "couponCode", discount::float8 AS discount, currency, status, recorded_at AS "recordedAt" FROM redemptions WHERE customer_id = $1 ORDER BY recorded_at, id`,
      ),
      query(
        `SELECT order_id AS "orderId", placed_at AS "placedAt" FROM customer_orders WHERE customer_id = $1 ORDER BY placed_at, order_id`,
      ),
    ]);
    return {
      customer: customer ?? [],
      segments,
      consents,
      coupons,
      couponUses,
      offers,
      experiments,
      redemptions,
      orders,
    } as Record<string, unknown[]>;
  }
}
