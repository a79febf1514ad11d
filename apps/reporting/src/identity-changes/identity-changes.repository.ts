import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { VISIT_TYPES } from '../facts/event-facts';

const PERSONAL_TABLES = ['events', 'orders', 'touches'] as const;
/** promotions' offers and redemptions of a person: folded on merge, anonymised on erasure. */
const PROMOTION_TABLES = ['offers', 'redemptions'] as const;

/**
 * Moves, rebuilds and deletes a person's rows. Bucket counters hold no person and never change;
 * the customer sets behind distinct counts are rewritten so one person is counted once.
 */
@Injectable()
export class IdentityChangesRepository {
  /** Folds `mergedIds` into `survivorId`: facts, exposures and bucket memberships (as a union). */
  async merge(tx: EntityManager, survivorId: string, mergedIds: readonly string[]): Promise<void> {
    const ids = mergedIds.filter((id) => id !== survivorId);
    if (ids.length === 0) return;
    for (const table of [...PERSONAL_TABLES, ...PROMOTION_TABLES]) {
      await tx.query(`UPDATE ${table} SET customer_id = $1 WHERE customer_id = ANY($2::text[])`, [
        survivorId,
        ids,
      ]);
    }
    await tx.query(
      `INSERT INTO exposures (experiment_id, variant, customer_id, first_exposed_at)
       SELECT experiment_id, variant, $1, min(first_exposed_at) FROM exposures
        WHERE customer_id = ANY($2::text[]) GROUP BY experiment_id, variant
       ON CONFLICT (experiment_id, customer_id, variant)
       DO UPDATE SET first_exposed_at = LEAST(exposures.first_exposed_at, excluded.first_exposed_at)`,
      [survivorId, ids],
    );
    await tx.query(`DELETE FROM exposures WHERE customer_id = ANY($1::text[])`, [ids]);
    await tx.query(
      `INSERT INTO kpi_bucket_customers (grain, bucket_start, channel, campaign_id, role, customer_id)
       SELECT grain, bucket_start, channel, campaign_id, role, $1 FROM kpi_bucket_customers
        WHERE customer_id = ANY($2::text[])
       ON CONFLICT DO NOTHING`,
      [survivorId, ids],
    );
    await tx.query(`DELETE FROM kpi_bucket_customers WHERE customer_id = ANY($1::text[])`, [ids]);
    // Ids merged into a merged id follow it to the survivor.
    await tx.query(
      `UPDATE customer_aliases SET survivor_id = $1 WHERE survivor_id = ANY($2::text[])`,
      [survivorId, ids],
    );
    await tx.query(
      `INSERT INTO customer_aliases (customer_id, survivor_id) SELECT unnest($2::text[]), $1
       ON CONFLICT (customer_id) DO UPDATE SET survivor_id = excluded.survivor_id`,
      [survivorId, ids],
    );
  }

  /** Moves the listed events (and their orders and touches) to `customerId`. */
  async moveEvents(
    tx: EntityManager,
    customerId: string,
    eventKeys: readonly string[],
  ): Promise<void> {
    if (eventKeys.length === 0) return;
    for (const table of PERSONAL_TABLES) {
      await tx.query(`UPDATE ${table} SET customer_id = $1 WHERE event_key = ANY($2::text[])`, [
        customerId,
        eventKeys,
      ]);
    }
  }

  /** New ids of a split are people of their own again, not aliases. */
  async unalias(tx: EntityManager, ids: readonly string[]): Promise<void> {
    await tx.query(`DELETE FROM customer_aliases WHERE customer_id = ANY($1::text[])`, [ids]);
  }

  /**
   * Rebuilds the bucket memberships and exposures of `ids` from their stored events: after a
   * split, each person is in exactly the buckets their own events put them in.
   */
  async rebuild(tx: EntityManager, ids: readonly string[]): Promise<void> {
    await tx.query(`DELETE FROM kpi_bucket_customers WHERE customer_id = ANY($1::text[])`, [ids]);
    await tx.query(
      `INSERT INTO kpi_bucket_customers (grain, bucket_start, channel, campaign_id, role, customer_id)
       SELECT g.grain, date_trunc(g.grain, e.occurred_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC',
              e.channel, e.campaign_id, r.role, e.customer_id
         FROM events e
         CROSS JOIN (VALUES ('hour'), ('day')) AS g(grain)
         CROSS JOIN LATERAL (
           SELECT 'visitor' AS role WHERE e.type = ANY($2::text[])
           UNION ALL
           SELECT 'buyer' WHERE EXISTS (SELECT 1 FROM orders o WHERE o.event_key = e.event_key)
           UNION ALL
           SELECT 'respondent' WHERE EXISTS (SELECT 1 FROM csat_answers a WHERE a.event_key = e.event_key)
           UNION ALL
           SELECT 'contact' WHERE e.type = 'service.contacted'
         ) r
        WHERE e.customer_id = ANY($1::text[])
       ON CONFLICT DO NOTHING`,
      [ids, [...VISIT_TYPES]],
    );
    await tx.query(`DELETE FROM exposures WHERE customer_id = ANY($1::text[])`, [ids]);
    await tx.query(
      `INSERT INTO exposures (experiment_id, variant, customer_id, first_exposed_at)
       SELECT x.key, x.value, e.customer_id, min(e.occurred_at)
         FROM events e CROSS JOIN LATERAL jsonb_each_text(e.experiments) x
        WHERE e.customer_id = ANY($1::text[]) AND e.experiments IS NOT NULL
        GROUP BY x.key, x.value, e.customer_id`,
      [ids],
    );
  }

  /**
   * Deletes what identifies the person. Their bucket memberships stay, under a random token
   * per erasure, so distinct counts of past buckets do not change and identify no one.
   */
  async erase(tx: EntityManager, customerId: string, anonymousToken: string): Promise<void> {
    for (const table of [...PERSONAL_TABLES, 'exposures']) {
      await tx.query(`DELETE FROM ${table} WHERE customer_id = $1`, [customerId]);
    }
    // Offer and redemption counts stay (under the token); their coupon codes may name the person.
    for (const table of PROMOTION_TABLES) {
      await tx.query(
        `UPDATE ${table} SET customer_id = $2, coupon_code = NULL WHERE customer_id = $1`,
        [customerId, anonymousToken],
      );
    }
    await tx.query(`UPDATE kpi_bucket_customers SET customer_id = $2 WHERE customer_id = $1`, [
      customerId,
      anonymousToken,
    ]);
    await tx.query(`DELETE FROM customer_aliases WHERE customer_id = $1 OR survivor_id = $1`, [
      customerId,
    ]);
    await tx.query(
      `INSERT INTO erased_customers (customer_id) VALUES ($1) ON CONFLICT DO NOTHING`,
      [customerId],
    );
  }
}
