import { Injectable } from '@nestjs/common';
import { textArrayLiteral } from '@omni/database';
import type { EntityManager } from 'typeorm';
import { isoText } from '../json-sql';
import type { CustomerFacts } from './customer-facts';
import type { RfmBoundaries } from './rfm';

export type CustomerSummary = {
  segments: { segmentId: string; name: string; joinedAt: string }[];
  lifecycle: string | null;
  valueTier: string | null;
  churnReason: string | null;
  rfm: { r: number; f: number; m: number } | null;
  consent: {
    channel: string;
    purpose: string;
    granted: boolean;
    occurredAt: string;
  }[];
  clv: { currency: string | null; historicalMinor: number; predictedMinor: number } | null;
};

/**
 * The arguments of a `json_build_object` that writes a customer's summary in the order of
 * `CustomerSummary`: `customerId` is the SQL of its id, `insights` the alias of its
 * `customer_insights` row, LEFT JOINed by the caller (no row: no lifecycle, RFM or CLV). Its
 * own aliases end in `_`, so they never hide the caller's.
 */
export const summaryJsonFields = (customerId: string, insights: string): string => `
  'segments', (SELECT coalesce(json_agg(json_build_object('segmentId', sm_.segment_id,
      'name', coalesce(sg_.name, sm_.segment_id), 'joinedAt', ${isoText('sm_.joined_at')})
      ORDER BY sm_.joined_at, sm_.segment_id), '[]')
    FROM segment_members sm_ LEFT JOIN segments sg_ ON sg_.segment_id = sm_.segment_id
    WHERE sm_.customer_id = ${customerId}),
  'lifecycle', ${insights}.lifecycle,
  'valueTier', ${insights}.value_tier,
  'churnReason', ${insights}.churn_reason,
  'rfm', CASE WHEN ${insights}.rfm_r IS NOT NULL THEN json_build_object('r', ${insights}.rfm_r,
      'f', coalesce(${insights}.rfm_f, 0), 'm', coalesce(${insights}.rfm_m, 0)) END,
  'consent', (SELECT coalesce(json_agg(json_build_object('channel', cs_.channel,
      'purpose', cs_.purpose, 'granted', cs_.granted, 'occurredAt', ${isoText('cs_.occurred_at')})
      ORDER BY cs_.channel, cs_.purpose), '[]')
    FROM consent cs_ WHERE cs_.customer_id = ${customerId}),
  'clv', CASE WHEN ${insights}.customer_id IS NOT NULL THEN json_build_object(
      'currency', ${insights}.clv_currency,
      'historicalMinor', ${insights}.clv_historical_minor,
      'predictedMinor', ${insights}.clv_predicted_minor) END`;

export type StoredInsights = {
  customerId: string;
  lifecycle: string;
  valueTier: string | null;
  churnReason: string | null;
  rfm: { r: number; f: number; m: number } | null;
  clvCurrency: string | null;
  clvHistoricalMinor: number;
  clvPredictedMinor: number;
  lastActivityAt: Date;
  assessedAt: Date | null;
};

export type InsightUpdate = Omit<StoredInsights, 'lastActivityAt' | 'assessedAt'> & {
  assessedAt: Date;
  /** Unchanged when undefined: only the scheduled assessment predicts. */
  clvPredictedMinor: number;
};

type InsightRow = {
  customer_id: string;
  lifecycle: string;
  value_tier: string | null;
  churn_reason: string | null;
  rfm_r: number | null;
  rfm_f: number | null;
  rfm_m: number | null;
  clv_currency: string | null;
  clv_historical_minor: string;
  clv_predicted_minor: string;
  last_activity_at: Date;
  assessed_at: Date | null;
};

const toInsights = (row: InsightRow): StoredInsights => ({
  customerId: row.customer_id,
  lifecycle: row.lifecycle,
  valueTier: row.value_tier,
  churnReason: row.churn_reason,
  rfm: row.rfm_r === null ? null : { r: row.rfm_r, f: row.rfm_f ?? 0, m: row.rfm_m ?? 0 },
  clvCurrency: row.clv_currency,
  clvHistoricalMinor: Number(row.clv_historical_minor),
  clvPredictedMinor: Number(row.clv_predicted_minor),
  lastActivityAt: row.last_activity_at,
  assessedAt: row.assessed_at,
});

/** A change one event makes to an order insights keep. */
export type InsightOrder = {
  customerId: string;
  orderId: string;
  eventKey: string;
  placedAt?: Date;
  paidAt?: Date;
  currency?: string;
  paidMinor?: number;
  refundedMinor?: number;
  promotion?: boolean;
  cancelled?: boolean;
};

/** Dissatisfaction one event signals. */
export type InsightSignals = { customerId: string; complaints: number; lowRatings: number };

/** Orders, signals and computed insights per customer; writes run in the caller's transaction. */
@Injectable()
export class InsightsRepository {
  /** The customer's summary for the customer API: insights, segments by name, consent in force. */
  async summaryOf(manager: EntityManager, customerId: string): Promise<CustomerSummary> {
    const [row]: { summary: CustomerSummary }[] = await manager.query(
      `SELECT json_build_object(${summaryJsonFields('$1', 'i')}) AS summary
       FROM (SELECT 1) one LEFT JOIN customer_insights i ON i.customer_id = $1`,
      [customerId],
    );
    return row.summary;
  }

  /**
   * First seen and last activity, by event time, whatever order events arrive in: the batch's
   * earliest and latest time per customer, worked out here so the statement gets a row per
   * customer rather than per event.
   */
  async touch(tx: EntityManager, activity: readonly { customerId: string; at: Date }[]) {
    if (activity.length === 0) return;
    const spans = new Map<string, { first: Date; last: Date }>();
    for (const { customerId, at } of activity) {
      const span = spans.get(customerId);
      if (span === undefined) spans.set(customerId, { first: at, last: at });
      else if (at < span.first) span.first = at;
      else if (at > span.last) span.last = at;
    }
    await tx.query(
      `INSERT INTO customer_insights AS c (customer_id, first_seen_at, last_activity_at)
       SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[])
       ON CONFLICT (customer_id) DO UPDATE SET
         first_seen_at = LEAST(c.first_seen_at, excluded.first_seen_at),
         last_activity_at = GREATEST(c.last_activity_at, excluded.last_activity_at)`,
      [
        textArrayLiteral([...spans.keys()]),
        textArrayLiteral([...spans.values()].map((span) => span.first.toISOString())),
        textArrayLiteral([...spans.values()].map((span) => span.last.toISOString())),
      ],
    );
  }

  /**
   * Records order changes in one statement. Changes to one order are folded first, in the
   * order given, as one at a time would leave them: the first time and currency, the last paid
   * amount, refunds added up, promotion and cancellation once seen, every source event key.
   */
  async recordOrders(tx: EntityManager, changes: readonly InsightOrder[]): Promise<void> {
    if (changes.length === 0) return;
    const folded = new Map<string, InsightOrder & { eventKeys: string[] }>();
    for (const change of changes) {
      const key = `${change.customerId}\u0000${change.orderId}`;
      const order = folded.get(key);
      if (order === undefined) {
        folded.set(key, { ...change, eventKeys: [change.eventKey] });
        continue;
      }
      order.placedAt ??= change.placedAt;
      order.paidAt ??= change.paidAt;
      order.currency ??= change.currency;
      if (change.paidMinor !== undefined) order.paidMinor = change.paidMinor;
      if (change.refundedMinor !== undefined)
        order.refundedMinor = (order.refundedMinor ?? 0) + change.refundedMinor;
      order.promotion = (order.promotion ?? false) || (change.promotion ?? false);
      order.cancelled = (order.cancelled ?? false) || (change.cancelled ?? false);
      order.eventKeys.push(change.eventKey);
    }
    const orders = [...folded.values()];
    const column = <T>(value: (order: (typeof orders)[number]) => T) => orders.map(value);
    await tx.query(
      `INSERT INTO insight_orders AS o
         (customer_id, order_id, placed_at, paid_at, currency, paid_minor, refunded_minor, promotion, cancelled, source_event_keys)
       SELECT u.customer_id, u.order_id, u.placed_at, u.paid_at, u.currency, coalesce(u.paid_minor, 0),
              coalesce(u.refunded_minor, 0), coalesce(u.promotion, false), coalesce(u.cancelled, false),
              ARRAY(SELECT jsonb_array_elements_text(u.keys))
       FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::text[],
                   $6::bigint[], $7::bigint[], $8::boolean[], $9::boolean[], $10::jsonb[])
         AS u(customer_id, order_id, placed_at, paid_at, currency, paid_minor, refunded_minor, promotion, cancelled, keys)
       ON CONFLICT (customer_id, order_id) DO UPDATE SET
         placed_at = coalesce(o.placed_at, excluded.placed_at),
         paid_at = coalesce(o.paid_at, excluded.paid_at),
         currency = coalesce(o.currency, excluded.currency),
         -- Only a payment carries a paid amount, and every payment a paid time.
         paid_minor = CASE WHEN excluded.paid_at IS NULL THEN o.paid_minor ELSE excluded.paid_minor END,
         refunded_minor = o.refunded_minor + excluded.refunded_minor,
         promotion = o.promotion OR excluded.promotion,
         cancelled = o.cancelled OR excluded.cancelled,
         source_event_keys = o.source_event_keys || excluded.source_event_keys`,
      [
        column((o) => o.customerId),
        column((o) => o.orderId),
        column((o) => o.placedAt?.toISOString() ?? null),
        column((o) => o.paidAt?.toISOString() ?? null),
        column((o) => o.currency ?? null),
        column((o) => o.paidMinor ?? null),
        column((o) => o.refundedMinor ?? null),
        column((o) => o.promotion ?? null),
        column((o) => o.cancelled ?? null),
        column((o) => JSON.stringify(o.eventKeys)),
      ],
    );
  }

  /** Adds complaints and low ratings, a statement for the whole batch. */
  async addSignals(tx: EntityManager, signals: readonly InsightSignals[]): Promise<void> {
    if (signals.length === 0) return;
    await tx.query(
      `UPDATE customer_insights c SET complaints = c.complaints + s.complaints,
              low_ratings = c.low_ratings + s.low_ratings
       FROM (SELECT customer_id, sum(complaints)::int AS complaints, sum(low_ratings)::int AS low_ratings
             FROM unnest($1::text[], $2::int[], $3::int[]) AS u(customer_id, complaints, low_ratings)
             GROUP BY customer_id) s
       WHERE c.customer_id = s.customer_id`,
      [
        textArrayLiteral(signals.map((s) => s.customerId)),
        textArrayLiteral(signals.map((s) => String(s.complaints))),
        textArrayLiteral(signals.map((s) => String(s.lowRatings))),
      ],
    );
  }

  /** Facts of the customers, locking their insight rows so concurrent assessments serialise. */
  async factsOf(
    manager: EntityManager,
    customerIds: readonly string[],
    currency: string,
    lock: boolean,
  ): Promise<CustomerFacts[]> {
    const customers: {
      customer_id: string;
      first_seen_at: Date;
      last_activity_at: Date;
      complaints: number;
      low_ratings: number;
    }[] = await manager.query(
      `SELECT customer_id, first_seen_at, last_activity_at, complaints, low_ratings
       FROM customer_insights WHERE customer_id = ANY($1::text[]) ORDER BY customer_id
       ${lock ? 'FOR UPDATE' : ''}`,
      [textArrayLiteral(customerIds)],
    );
    const orders: {
      customer_id: string;
      paid_at: Date;
      currency: string;
      paid_minor: string;
      refunded_minor: string;
      promotion: boolean;
    }[] = await manager.query(
      `SELECT customer_id, paid_at, currency, paid_minor, refunded_minor, promotion
       FROM insight_orders
       WHERE customer_id = ANY($1::text[]) AND paid_at IS NOT NULL AND NOT cancelled
       ORDER BY paid_at, order_id`,
      [textArrayLiteral(customerIds)],
    );
    const byCustomer = new Map<string, CustomerFacts>(
      customers.map((c) => [
        c.customer_id,
        {
          customerId: c.customer_id,
          firstSeenAt: c.first_seen_at,
          lastActivityAt: c.last_activity_at,
          orders: [],
          complaints: c.complaints,
          lowRatings: c.low_ratings,
        },
      ]),
    );
    for (const order of orders) {
      const inCurrency = order.currency === currency;
      byCustomer.get(order.customer_id)?.orders.push({
        paidAt: order.paid_at,
        // Another currency's order counts for recency and frequency, not for money.
        paidMinor: inCurrency ? Number(order.paid_minor) : 0,
        refundedMinor: inCurrency ? Number(order.refunded_minor) : 0,
        promotion: order.promotion,
      });
    }
    return [...byCustomer.values()];
  }

  async customerIdsAfter(manager: EntityManager, after: string, limit: number): Promise<string[]> {
    const rows: { customer_id: string }[] = await manager.query(
      `SELECT customer_id FROM customer_insights WHERE customer_id > $1 ORDER BY customer_id LIMIT $2`,
      [after, limit],
    );
    return rows.map((row) => row.customer_id);
  }

  async insightsOf(
    manager: EntityManager,
    customerIds: readonly string[],
  ): Promise<StoredInsights[]> {
    const rows: InsightRow[] = await manager.query(
      `SELECT customer_id, lifecycle, value_tier, churn_reason, rfm_r, rfm_f, rfm_m, clv_currency,
              clv_historical_minor, clv_predicted_minor, last_activity_at, assessed_at
       FROM customer_insights WHERE customer_id = ANY($1::text[]) ORDER BY customer_id`,
      [textArrayLiteral(customerIds)],
    );
    return rows.map(toInsights);
  }

  async save(tx: EntityManager, updates: readonly InsightUpdate[]): Promise<void> {
    if (updates.length === 0) return;
    await tx.query(
      `UPDATE customer_insights c SET lifecycle = u.lifecycle, value_tier = u.value_tier,
         churn_reason = u.churn_reason, rfm_r = u.r, rfm_f = u.f, rfm_m = u.m,
         clv_currency = u.currency, clv_historical_minor = u.historical,
         clv_predicted_minor = u.predicted, assessed_at = u.assessed_at
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::smallint[], $6::smallint[],
                   $7::smallint[], $8::text[], $9::bigint[], $10::bigint[], $11::timestamptz[])
         AS u(customer_id, lifecycle, value_tier, churn_reason, r, f, m, currency, historical, predicted, assessed_at)
       WHERE c.customer_id = u.customer_id`,
      [
        textArrayLiteral(updates.map((u) => u.customerId)),
        textArrayLiteral(updates.map((u) => u.lifecycle)),
        textArrayLiteral(updates.map((u) => u.valueTier)),
        textArrayLiteral(updates.map((u) => u.churnReason)),
        textArrayLiteral(updates.map((u) => (u.rfm === null ? null : String(u.rfm.r)))),
        textArrayLiteral(updates.map((u) => (u.rfm === null ? null : String(u.rfm.f)))),
        textArrayLiteral(updates.map((u) => (u.rfm === null ? null : String(u.rfm.m)))),
        textArrayLiteral(updates.map((u) => u.clvCurrency)),
        textArrayLiteral(updates.map((u) => String(u.clvHistoricalMinor))),
        textArrayLiteral(updates.map((u) => String(u.clvPredictedMinor))),
        textArrayLiteral(updates.map((u) => u.assessedAt.toISOString())),
      ],
    );
  }

  /**
   * Of these customers, those an event of no insight-relevant type can still move: not yet
   * assessed, or not plainly active (new, at risk, churned).
   */
  async notSettled(tx: EntityManager, customerIds: readonly string[]): Promise<string[]> {
    const rows: { customer_id: string }[] = await tx.query(
      `SELECT customer_id FROM customer_insights
       WHERE customer_id = ANY($1::text[]) AND (assessed_at IS NULL OR lifecycle <> 'active')`,
      [textArrayLiteral(customerIds)],
    );
    return rows.map((row) => row.customer_id);
  }

  async boundaries(manager: EntityManager): Promise<RfmBoundaries | undefined> {
    const rows: { recency_days: number[]; frequency: number[]; monetary: number[] }[] =
      await manager.query(
        `SELECT recency_days, frequency, monetary FROM rfm_boundaries WHERE id = 1`,
      );
    const row = rows[0];
    return (
      row && { recencyDays: row.recency_days, frequency: row.frequency, monetary: row.monetary }
    );
  }

  async saveBoundaries(tx: EntityManager, boundaries: RfmBoundaries, at: Date): Promise<void> {
    await tx.query(
      `INSERT INTO rfm_boundaries (id, recency_days, frequency, monetary, computed_at)
       VALUES (1, $1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET recency_days = $1, frequency = $2, monetary = $3, computed_at = $4`,
      [boundaries.recencyDays, boundaries.frequency, boundaries.monetary, at.toISOString()],
    );
  }

  async ordersOf(manager: EntityManager, customerId: string) {
    return manager.query(
      `SELECT order_id AS "orderId", placed_at AS "placedAt", paid_at AS "paidAt", currency,
              paid_minor::float8 AS "paidMinor", refunded_minor::float8 AS "refundedMinor",
              promotion, cancelled
       FROM insight_orders WHERE customer_id = $1 ORDER BY coalesce(paid_at, placed_at), order_id`,
      [customerId],
    ) as Promise<Record<string, unknown>[]>;
  }

  /** Folds merged customers into the survivor: orders (an order both hold is kept once) and signals. */
  async merge(tx: EntityManager, survivorId: string, mergedIds: readonly string[]): Promise<void> {
    await tx.query(
      `INSERT INTO insight_orders
         (customer_id, order_id, placed_at, paid_at, currency, paid_minor, refunded_minor, promotion, cancelled, source_event_keys)
       SELECT $1, order_id, placed_at, paid_at, currency, paid_minor, refunded_minor, promotion, cancelled, source_event_keys
       FROM insight_orders WHERE customer_id = ANY($2::text[])
       ON CONFLICT (customer_id, order_id) DO NOTHING`,
      [survivorId, mergedIds],
    );
    await tx.query(`DELETE FROM insight_orders WHERE customer_id = ANY($1::text[])`, [mergedIds]);
    await tx.query(
      `INSERT INTO customer_insights AS c (customer_id, first_seen_at, last_activity_at, complaints, low_ratings)
       SELECT $1, min(first_seen_at), max(last_activity_at), sum(complaints), sum(low_ratings)
       FROM customer_insights WHERE customer_id = ANY($2::text[])
       HAVING count(*) > 0
       ON CONFLICT (customer_id) DO UPDATE SET
         first_seen_at = LEAST(c.first_seen_at, excluded.first_seen_at),
         last_activity_at = GREATEST(c.last_activity_at, excluded.last_activity_at),
         complaints = c.complaints + excluded.complaints,
         low_ratings = c.low_ratings + excluded.low_ratings`,
      [survivorId, mergedIds],
    );
    await tx.query(`DELETE FROM customer_insights WHERE customer_id = ANY($1::text[])`, [
      mergedIds,
    ]);
  }

  /** Moves the orders the listed events recorded to each new profile. */
  async split(
    tx: EntityManager,
    fromId: string,
    moves: readonly { customerId: string; eventKeys: readonly string[] }[],
  ): Promise<string[]> {
    const touched: string[] = [];
    for (const move of moves) {
      const [moved]: [{ paid_at: Date | null; placed_at: Date | null }[], number] = await tx.query(
        `UPDATE insight_orders SET customer_id = $1
         WHERE customer_id = $2 AND source_event_keys && $3::text[]
         RETURNING paid_at, placed_at`,
        [move.customerId, fromId, move.eventKeys],
      );
      const times = moved.flatMap((o) => [o.paid_at, o.placed_at]).filter((t) => t !== null);
      if (times.length === 0) continue;
      await this.touch(
        tx,
        times.map((at) => ({ customerId: move.customerId, at })),
      );
      touched.push(move.customerId);
    }
    return touched;
  }

  async erase(tx: EntityManager, customerId: string): Promise<void> {
    await tx.query(`DELETE FROM segment_members WHERE customer_id = $1`, [customerId]);
    await tx.query(`DELETE FROM insight_orders WHERE customer_id = $1`, [customerId]);
    await tx.query(`DELETE FROM customer_insights WHERE customer_id = $1`, [customerId]);
  }
}
