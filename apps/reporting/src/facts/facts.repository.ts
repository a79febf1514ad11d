import { Injectable } from '@nestjs/common';
import {
  insertRows,
  scalarArrayLiteral,
  textArrayLiteral,
  type InsertColumns,
} from '@omni/database';
import type { EntityManager } from 'typeorm';
import { BUCKET_COUNTERS, type EventFact, type Money, type SpendFact } from './event-facts';
import type { CounterRow, MemberRow } from './bucket-deltas';

export type OrderRow = {
  orderId: string;
  eventKey: string;
  customerId: string;
  channel: string;
  campaignId: string;
  placedAt: Date;
  total: Money;
  discount: number;
};

/** An order as its row stores it: the total's amount and currency in columns of their own. */
type OrderColumns = Omit<OrderRow, 'total'> & { total: number; currency: string };

export type TouchRow = {
  eventKey: string;
  customerId: string;
  occurredAt: Date;
  channel: string;
  campaignId: string;
  source: string | null;
  medium: string | null;
  touchType: string;
  paid: boolean;
};

/** The touches table's columns, as a batch insert sends them. */
export const TOUCH_COLUMNS: InsertColumns<TouchRow> = {
  eventKey: 'text',
  customerId: 'text',
  occurredAt: 'timestamptz',
  channel: 'text',
  campaignId: 'text',
  source: 'text',
  medium: 'text',
  touchType: 'text',
  paid: 'boolean',
};

export type KnownOrder = {
  orderId: string;
  channel: string;
  campaignId: string;
  total: number;
  currency: string;
};

export type PendingReversal = {
  eventKey: string;
  type: string;
  orderId: string;
  occurredAt: Date;
  amount: number | null;
  currency: string | null;
};

const COLUMN: Record<(typeof BUCKET_COUNTERS)[number], string> = {
  events: 'events',
  pageViews: 'page_views',
  productViews: 'product_views',
  searches: 'searches',
  cartAdds: 'cart_adds',
  checkouts: 'checkouts',
  orders: 'orders',
  gmv: 'gmv',
  discounts: 'discounts',
  otherCurrencyOrders: 'other_currency_orders',
  refunds: 'refunds',
  refunded: 'refunded',
  cancellations: 'cancellations',
  cancelled: 'cancelled',
  touches: 'touches',
  clicks: 'clicks',
  negativeReviews: 'negative_reviews',
  csatAnswers: 'csat_answers',
  csatSatisfied: 'csat_satisfied',
  csatScoreSum: 'csat_score_sum',
  serviceContacts: 'service_contacts',
};

/**
 * Writes of consumed events: each statement takes a whole batch as arrays (unnest), because a
 * statement per event would cap the consumer far below the events/s it must sustain.
 */
@Injectable()
export class FactsRepository {
  /**
   * Held (shared) by every batch of events and (exclusive) by every identity change until its
   * transaction ends, so a merge never interleaves with a batch that still files events under
   * a merged id.
   */
  async lockIdentity(tx: EntityManager, mode: 'shared' | 'exclusive'): Promise<void> {
    await tx.query(
      mode === 'shared'
        ? `SELECT pg_advisory_xact_lock_shared(hashtext('reporting.identity'))`
        : `SELECT pg_advisory_xact_lock(hashtext('reporting.identity'))`,
    );
  }

  /** For each id among `customerIds`: its survivor when it was merged, null when it was erased. */
  async currentIds(
    tx: EntityManager,
    customerIds: readonly string[],
  ): Promise<Map<string, string | null>> {
    if (customerIds.length === 0) return new Map();
    const rows: { customer_id: string; current: string | null }[] = await tx.query(
      `SELECT customer_id, survivor_id AS current FROM customer_aliases WHERE customer_id = ANY($1::text[])
       UNION ALL
       SELECT customer_id, NULL FROM erased_customers WHERE customer_id = ANY($1::text[])`,
      [customerIds],
    );
    const current = new Map<string, string | null>();
    for (const row of rows)
      if (!current.has(row.customer_id) || row.current === null)
        current.set(row.customer_id, row.current);
    return current;
  }

  /** Stores the facts not seen before; answers the keys it stored (the rest are redeliveries). */
  async insertEvents(tx: EntityManager, facts: readonly EventFact[]): Promise<Set<string>> {
    if (facts.length === 0) return new Set();
    const rows: { event_key: string }[] = await tx.query(
      `INSERT INTO events (event_key, customer_id, type, channel, campaign_id, occurred_at, order_id, properties, experiments)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[], $8::jsonb[], $9::jsonb[])
       ON CONFLICT (event_key) DO NOTHING
       RETURNING event_key`,
      // Literals: node-pg escapes every element of an array parameter with two regular
      // expressions, and these are thousands of elements per batch (ADR 0005).
      [
        textArrayLiteral(facts.map((f) => f.eventKey)),
        textArrayLiteral(facts.map((f) => f.customerId)),
        textArrayLiteral(facts.map((f) => f.type)),
        textArrayLiteral(facts.map((f) => f.channel)),
        textArrayLiteral(facts.map((f) => f.campaignId)),
        textArrayLiteral(facts.map((f) => f.occurredAt.toISOString())),
        textArrayLiteral(facts.map((f) => f.orderId)),
        textArrayLiteral(facts.map((f) => JSON.stringify(f.properties))),
        textArrayLiteral(
          facts.map((f) => (f.experiments === null ? null : JSON.stringify(f.experiments))),
        ),
      ],
    );
    return new Set(rows.map((row) => row.event_key));
  }

  /** Stores new orders; answers the ids stored (an order placed twice under two event ids counts once). */
  async insertOrders(tx: EntityManager, orders: readonly OrderRow[]): Promise<Set<string>> {
    if (orders.length === 0) return new Set();
    const rows = await insertRows<OrderColumns, { order_id: string }>(
      tx,
      'orders',
      {
        orderId: 'text',
        eventKey: 'text',
        customerId: 'text',
        channel: 'text',
        campaignId: 'text',
        placedAt: 'timestamptz',
        total: 'bigint',
        currency: 'text',
        discount: 'bigint',
      },
      orders.map(({ total, ...order }) => ({
        ...order,
        total: total.amount,
        currency: total.currency,
      })),
      'ON CONFLICT (order_id) DO NOTHING RETURNING order_id',
    );
    return new Set(rows.map((row) => row.order_id));
  }

  async knownOrders(
    tx: EntityManager,
    orderIds: readonly string[],
  ): Promise<Map<string, KnownOrder>> {
    if (orderIds.length === 0) return new Map();
    const rows: {
      order_id: string;
      channel: string;
      campaign_id: string;
      total: string;
      currency: string;
    }[] = await tx.query(
      `SELECT order_id, channel, campaign_id, total, currency FROM orders WHERE order_id = ANY($1::text[])`,
      [[...new Set(orderIds)]],
    );
    return new Map(
      rows.map((row) => [
        row.order_id,
        {
          orderId: row.order_id,
          channel: row.channel,
          campaignId: row.campaign_id,
          total: Number(row.total),
          currency: row.currency,
        },
      ]),
    );
  }

  async recordRefund(tx: EntityManager, orderId: string, amount: number): Promise<void> {
    await tx.query(`UPDATE orders SET refunded = refunded + $2 WHERE order_id = $1`, [
      orderId,
      amount,
    ]);
  }

  async recordCancellation(tx: EntityManager, orderId: string, at: Date): Promise<void> {
    await tx.query(
      `UPDATE orders SET cancelled_at = LEAST(coalesce(cancelled_at, $2), $2) WHERE order_id = $1`,
      [orderId, at.toISOString()],
    );
  }

  /** Refunds and cancellations of orders not seen yet wait for their order. */
  async markReversalsPending(tx: EntityManager, eventKeys: readonly string[]): Promise<void> {
    if (eventKeys.length === 0) return;
    await tx.query(`UPDATE events SET reversal_pending = true WHERE event_key = ANY($1::text[])`, [
      eventKeys,
    ]);
  }

  /** Takes the waiting refunds and cancellations of these orders (they are no longer pending). */
  async takePendingReversals(
    tx: EntityManager,
    orderIds: readonly string[],
  ): Promise<PendingReversal[]> {
    if (orderIds.length === 0) return [];
    const rows: {
      event_key: string;
      type: string;
      order_id: string;
      occurred_at: Date;
      amount: string | null;
      currency: string | null;
    }[] = await tx.query(
      // Wrapped in a SELECT: TypeORM answers a bare UPDATE … RETURNING as [rows, count].
      `WITH taken AS (
         UPDATE events SET reversal_pending = false
          WHERE reversal_pending AND order_id = ANY($1::text[])
          RETURNING event_key, type, order_id, occurred_at,
                    properties #>> '{amount,amount}' AS amount, properties #>> '{amount,currency}' AS currency
       )
       SELECT * FROM taken`,
      [orderIds],
    );
    return rows
      .map((row) => ({
        eventKey: row.event_key,
        type: row.type,
        orderId: row.order_id,
        occurredAt: new Date(row.occurred_at),
        amount: row.amount === null ? null : Number(row.amount),
        currency: row.currency,
      }))
      .sort((a, b) => (a.eventKey < b.eventKey ? -1 : 1));
  }

  /** Stores new touches; answers the keys stored (a touch's timeline entry is appended once). */
  async insertTouches(tx: EntityManager, touches: readonly TouchRow[]): Promise<Set<string>> {
    if (touches.length === 0) return new Set();
    const rows = await insertRows<TouchRow, { event_key: string }>(
      tx,
      'touches',
      TOUCH_COLUMNS,
      touches,
      'ON CONFLICT (event_key) DO NOTHING RETURNING event_key',
    );
    return new Set(rows.map((row) => row.event_key));
  }

  async upsertExposures(
    tx: EntityManager,
    exposures: readonly { experimentId: string; variant: string; customerId: string; at: Date }[],
  ): Promise<void> {
    if (exposures.length === 0) return;
    const unique = new Map<string, (typeof exposures)[number]>();
    for (const exposure of exposures) {
      const id = `${exposure.experimentId}|${exposure.customerId}|${exposure.variant}`;
      const seen = unique.get(id);
      if (seen === undefined || exposure.at < seen.at) unique.set(id, exposure);
    }
    const rows = [...unique.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, r]) => r);
    await tx.query(
      `INSERT INTO exposures (experiment_id, variant, customer_id, first_exposed_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[])
       ON CONFLICT (experiment_id, customer_id, variant)
       DO UPDATE SET first_exposed_at = LEAST(exposures.first_exposed_at, excluded.first_exposed_at)`,
      [
        rows.map((r) => r.experimentId),
        rows.map((r) => r.variant),
        rows.map((r) => r.customerId),
        rows.map((r) => r.at.toISOString()),
      ],
    );
  }

  /** The latest figure of a day wins (by occurredAt, then event key), whatever order they arrive in. */
  async upsertSpend(tx: EntityManager, spend: readonly SpendFact[]): Promise<void> {
    const latest = new Map<string, SpendFact>();
    for (const fact of spend) {
      const id = `${fact.date}|${fact.channel}|${fact.campaignId}`;
      const seen = latest.get(id);
      if (
        seen === undefined ||
        fact.occurredAt > seen.occurredAt ||
        (fact.occurredAt.getTime() === seen.occurredAt.getTime() && fact.eventKey > seen.eventKey)
      )
        latest.set(id, fact);
    }
    const rows = [...latest.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, r]) => r);
    await insertRows(
      tx,
      'spend',
      {
        spendDate: 'date',
        channel: 'text',
        campaignId: 'text',
        cost: 'bigint',
        currency: 'text',
        occurredAt: 'timestamptz',
        eventKey: 'text',
      },
      rows.map(({ date, cost, ...fact }) => ({
        ...fact,
        spendDate: date,
        cost: cost.amount,
        currency: cost.currency,
      })),
      `ON CONFLICT (spend_date, channel, campaign_id) DO UPDATE
         SET cost = excluded.cost, currency = excluded.currency, occurred_at = excluded.occurred_at, event_key = excluded.event_key
         WHERE (excluded.occurred_at, excluded.event_key) > (spend.occurred_at, spend.event_key)`,
    );
  }

  /** Adds each row's counters to its bucket (created at zero when new). */
  async addToBuckets(tx: EntityManager, rows: readonly CounterRow[]): Promise<void> {
    if (rows.length === 0) return;
    const columns = BUCKET_COUNTERS.map((counter) => COLUMN[counter]);
    const arrays = BUCKET_COUNTERS.map((counter) => rows.map((row) => row.counters[counter]));
    await tx.query(
      `INSERT INTO kpi_buckets (grain, bucket_start, channel, campaign_id, ${columns.join(', ')})
       SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], ${columns
         .map((_, i) => `$${i + 5}::bigint[]`)
         .join(', ')})
       ON CONFLICT (grain, bucket_start, channel, campaign_id) DO UPDATE SET ${columns
         .map((column) => `${column} = kpi_buckets.${column} + excluded.${column}`)
         .join(', ')}`,
      [
        textArrayLiteral(rows.map((row) => row.key.grain)),
        textArrayLiteral(rows.map((row) => row.key.bucketStart.toISOString())),
        textArrayLiteral(rows.map((row) => row.key.channel)),
        textArrayLiteral(rows.map((row) => row.key.campaignId)),
        ...arrays.map(scalarArrayLiteral),
      ],
    );
  }

  async addMembers(tx: EntityManager, rows: readonly MemberRow[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.query(
      `INSERT INTO kpi_bucket_customers (grain, bucket_start, channel, campaign_id, role, customer_id)
       SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[])
       ON CONFLICT DO NOTHING`,
      [
        textArrayLiteral(rows.map((row) => row.key.grain)),
        textArrayLiteral(rows.map((row) => row.key.bucketStart.toISOString())),
        textArrayLiteral(rows.map((row) => row.key.channel)),
        textArrayLiteral(rows.map((row) => row.key.campaignId)),
        textArrayLiteral(rows.map((row) => row.role)),
        textArrayLiteral(rows.map((row) => row.customerId)),
      ],
    );
  }

  async advanceWatermarks(
    tx: EntityManager,
    marks: readonly { topic: string; partition: number; eventTime: Date }[],
  ): Promise<void> {
    if (marks.length === 0) return;
    const sorted = [...marks].sort((a, b) =>
      a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1,
    );
    await tx.query(
      `INSERT INTO watermarks (topic, partition, event_time, applied_at)
       SELECT t, p, e, now() FROM unnest($1::text[], $2::int[], $3::timestamptz[]) AS u(t, p, e)
       ON CONFLICT (topic, partition) DO UPDATE
         SET event_time = GREATEST(watermarks.event_time, excluded.event_time), applied_at = now()`,
      [
        sorted.map((m) => m.topic),
        sorted.map((m) => m.partition),
        sorted.map((m) => m.eventTime.toISOString()),
      ],
    );
  }
}
