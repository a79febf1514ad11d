import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { monthOf, type TimelineChunk } from '../timelines/timeline-entries';
import type { TouchTerm } from '../timelines/touch-entries';
import { touchTermOf, type TouchTermRow } from '../timelines/touch-timelines.repository';

/**
 * The customers of one half of a range's orders, each customer's orders together and its touch
 * timeline beside them: customer c's orders are [orderEnd[c − 1], orderEnd[c]) of `placedMs`
 * and `totals` (from 0 for the first), its months `timelines[c]`, ascending (none when absent).
 */
export type CustomerPaths = {
  orderEnd: Int32Array;
  /** Epoch milliseconds. */
  placedMs: Float64Array;
  totals: Float64Array;
  timelines: readonly (readonly TimelineChunk[] | undefined)[];
};

const DAY_MS = 86_400_000;
/** Microseconds from the Unix epoch to Postgres's (2000-01-01), which timestamptz_send counts from. */
const POSTGRES_EPOCH_US = 946_684_800_000_000;

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
   * One half of the range's customers (split by a hash of their id, so that both halves run at
   * once on two connections), at most `limit` of their orders (a guard reads one more than it
   * allows), with the touch timelines of the months from the earliest lookback
   * to the range's end. One statement, so orders and timelines are of one snapshot. Postgres
   * numbers the customers and answers two packed columns, so node-pg builds no object and no
   * string per order or customer:
   * - `orders`, per customer: its number (i32), the bytes of its orders (i32), then per order
   *   `timestamptz_send` (µs since 2000-01-01, i64) and the total (i64);
   * - `timelines`, per month of a customer: its number, the month (days since 1970, i32), the
   *   bytes of its entries (i32), then the entries.
   */
  async customerPaths(range: PathQuery, limit: number, half: 0 | 1): Promise<CustomerPaths> {
    const from = monthOf(range.from.getTime() - range.lookbackDays * DAY_MS);
    const until = monthOf(range.to.getTime());
    const [row]: { orders: Buffer | null; timelines: Buffer | null }[] =
      await this.dataSource.query(
        `WITH customers AS MATERIALIZED (
           SELECT o.customer_id, (row_number() OVER ())::int AS n,
                  string_agg(timestamptz_send(o.placed_at) || int8send(o.total), ''::bytea) AS orders
             FROM (SELECT o.customer_id, o.placed_at, o.total FROM orders o
                    WHERE ${ORDER_SCOPE} AND ${HALVES[half]}
                    LIMIT $5) o
            GROUP BY o.customer_id)
         SELECT (SELECT string_agg(int4send(c.n) || int4send(length(c.orders)) || c.orders, ''::bytea)
                   FROM customers c) AS orders,
                (SELECT string_agg(int4send(c.n) || int4send(tt.month - DATE '1970-01-01')
                                   || int4send(length(tt.entries)) || tt.entries, ''::bytea)
                   FROM customers c
                   JOIN touch_timelines tt
                     ON tt.customer_id = c.customer_id AND tt.month BETWEEN $6::date AND $7::date) AS timelines`,
        [...orderParameters(range), limit, dateOf(from), dateOf(until)],
      );
    return unpackCustomerPaths(row.orders ?? EMPTY, row.timelines ?? EMPTY);
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

const EMPTY = Buffer.alloc(0);
/**
 * The two halves of the customers, by the sign of a hash of their id: an inequality, which the
 * planner estimates at a third of the rows (an equality on an expression it takes for 0.5%,
 * and then joins the timelines by 20,000 index probes instead of a hash).
 */
const HALVES = ['hashtext(o.customer_id) < 0', 'hashtext(o.customer_id) >= 0'] as const;
const ORDER_BYTES = 16;

/** `customerPaths`' two packed columns, customers in the order of `orders`. */
export function unpackCustomerPaths(orders: Buffer, timelines: Buffer): CustomerPaths {
  let customers = 0;
  for (let offset = 0; offset < orders.length; offset += 8 + orders.readInt32BE(offset + 4))
    customers += 1;
  const count = (orders.length - customers * 8) / ORDER_BYTES;
  const orderEnd = new Int32Array(customers);
  const placedMs = new Float64Array(count);
  const totals = new Float64Array(count);
  // Postgres's numbers are 1 to the count of customers; each to its place in `orders`.
  const customerOf = new Int32Array(customers + 1).fill(-1);
  let offset = 0;
  let i = 0;
  for (let c = 0; c < customers; c++) {
    const n = orders.readInt32BE(offset);
    const end = offset + 8 + orders.readInt32BE(offset + 4);
    if (n < 1 || n > customers || customerOf[n] !== -1)
      throw new Error(`customer number ${n} out of 1 to ${customers} or repeated`);
    customerOf[n] = c;
    for (offset += 8; offset < end; offset += ORDER_BYTES, i++) {
      // Whole microseconds below 2^53, so the one division rounds as Postgres's own conversion.
      const micros = orders.readInt32BE(offset) * 2 ** 32 + orders.readUInt32BE(offset + 4);
      placedMs[i] = (micros + POSTGRES_EPOCH_US) / 1000;
      totals[i] = orders.readInt32BE(offset + 8) * 2 ** 32 + orders.readUInt32BE(offset + 12);
    }
    orderEnd[c] = i;
  }
  const months = new Array<TimelineChunk[] | undefined>(customers);
  for (let at = 0; at < timelines.length;) {
    const n = timelines.readInt32BE(at);
    const c = n >= 1 && n <= customers ? customerOf[n] : -1;
    if (c === -1) throw new Error(`a touch timeline of customer number ${n}, not among the orders`);
    const month = timelines.readInt32BE(at + 4) * DAY_MS;
    const end = at + 12 + timelines.readInt32BE(at + 8);
    const chunk = { month, entries: timelines.subarray(at + 12, end) };
    const chunks = months[c];
    if (chunks === undefined) months[c] = [chunk];
    else {
      chunks.push(chunk);
      chunks.sort((a, b) => a.month - b.month);
    }
    at = end;
  }
  return { orderEnd, placedMs, totals, timelines: months };
}
