import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  chunksByCustomer,
  monthOf,
  type TimelineChunk,
  type TimelineRow,
} from '../timelines/timeline-entries';
import type { TouchTerm } from '../timelines/touch-entries';
import { touchTermOf, type TouchTermRow } from '../timelines/touch-timelines.repository';

/** The orders of a range, column by column: order i is customers[i], placedMs[i], totals[i]. */
export type RangeOrders = {
  customers: string[];
  /** Epoch milliseconds. */
  placedMs: Float64Array;
  totals: Float64Array;
};

const DAY_MS = 86_400_000;

/**
 * The orders of a range and the touch timelines (ADR 0023) of their customers: each order's
 * path is found in memory, so Postgres neither joins orders to touches nor sorts a path.
 */
@Injectable()
export class AttributionRepository {
  constructor(private readonly dataSource: DataSource) {}

  async countOrders(range: PathQuery): Promise<number> {
    const rows: { n: string }[] = await this.dataSource.query(
      `SELECT count(*) AS n FROM orders o WHERE ${ORDER_SCOPE}`,
      orderParameters(range),
    );
    return Number(rows[0].n);
  }

  /**
   * The orders of the range, at most `limit` of them (a guard reads one more than it allows), as
   * one row of aggregated columns: node-pg builds no object per order. The aggregates read the
   * rows in one order, so their elements pair up.
   */
  async orders(range: PathQuery, limit: number): Promise<RangeOrders> {
    const [row]: { customers: string[] | null; placed: Buffer | null; totals: Buffer | null }[] =
      await this.dataSource.query(
        `SELECT array_agg(o.customer_id) AS customers,
                string_agg(float8send((extract(epoch FROM o.placed_at) * 1000)::float8), ''::bytea) AS placed,
                string_agg(float8send(o.total::float8), ''::bytea) AS totals
           FROM (SELECT o.customer_id, o.placed_at, o.total FROM orders o WHERE ${ORDER_SCOPE} LIMIT $5) o`,
        [...orderParameters(range), limit],
      );
    const customers = row.customers ?? [];
    const placedMs = new Float64Array(customers.length);
    const totals = new Float64Array(customers.length);
    const placed = row.placed ?? Buffer.alloc(0);
    const packedTotals = row.totals ?? Buffer.alloc(0);
    if (placed.length !== customers.length * 8 || packedTotals.length !== customers.length * 8)
      throw new Error('orders with as many times and totals as customers');
    for (let i = 0; i < customers.length; i++) {
      placedMs[i] = placed.readDoubleBE(i * 8);
      totals[i] = packedTotals.readDoubleBE(i * 8);
    }
    return { customers, placedMs, totals };
  }

  /**
   * The touch timelines of the customers with an order in the range (the orders `orders` reads,
   * at most `limit` of them), of the months from the earliest lookback to the range's end,
   * grouped per customer, months ascending. The customers are chosen by Postgres, not sent as
   * an id array, so this statement runs alongside `orders` on another connection: the two
   * scans share the two cores instead of following each other.
   */
  async touchTimelines(range: PathQuery, limit: number): Promise<Map<string, TimelineChunk[]>> {
    const from = monthOf(range.from.getTime() - range.lookbackDays * DAY_MS);
    const until = monthOf(range.to.getTime());
    const rows: TimelineRow[] = await this.dataSource.query(
      `SELECT tt.customer_id, extract(epoch FROM tt.month)::float8 * 1000 AS month_ms, tt.entries
         FROM touch_timelines tt
        WHERE tt.month BETWEEN $6::date AND $7::date
          AND tt.customer_id IN (SELECT o.customer_id FROM orders o WHERE ${ORDER_SCOPE} LIMIT $5)`,
      [...orderParameters(range), limit, dateOf(from), dateOf(until)],
    );
    return chunksByCustomer(rows);
  }

  /**
   * Every touch term. Read after the timelines: a term is committed before any batch that
   * uses it, so every id in timelines read earlier is here.
   */
  async touchTerms(): Promise<Map<number, TouchTerm>> {
    const rows: TouchTermRow[] = await this.dataSource.query(
      `SELECT id, channel, campaign_id, paid, touch_type FROM touch_terms`,
    );
    return new Map(rows.map((row) => [row.id, touchTermOf(row)]));
  }
}

export type PathQuery = {
  from: Date;
  to: Date;
  currency: string;
  lookbackDays: number;
  channels?: readonly string[];
  touchTypes?: readonly string[];
};

/** Orders of [$1, $2) in currency $3, not cancelled, of the channels $4 (every one when null). */
export const ORDER_SCOPE = `o.placed_at >= $1 AND o.placed_at < $2 AND o.currency = $3 AND o.cancelled_at IS NULL
  AND ($4::text[] IS NULL OR o.channel = ANY($4::text[]))`;

export const orderParameters = (range: PathQuery) => [
  range.from.toISOString(),
  range.to.toISOString(),
  range.currency,
  range.channels ?? null,
];

const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
