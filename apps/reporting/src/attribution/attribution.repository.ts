import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * An order and its path, compact: the touch times packed as big-endian float8 epoch
 * milliseconds and the touches' keys (`channel \x1f campaign \x1f paid`) joined by \x1e, both
 * oldest first (ties by event key); both null when no touch is on the path.
 */
export type CompactPath = {
  customer_id: string;
  placed_ms: number;
  total: string | number;
  ats: Buffer | null;
  keys: string | null;
};

export const KEY_SEPARATOR = '\x1e';
export const KEY_PART_SEPARATOR = '\x1f';

/** Orders with the touches of their customer in the lookback window, oldest touch first. */
@Injectable()
export class AttributionRepository {
  async countOrders(tx: EntityManager, range: PathQuery): Promise<number> {
    const rows: { n: string }[] = await tx.query(
      `SELECT count(*) AS n FROM orders o WHERE ${ORDER_SCOPE}`,
      [range.from.toISOString(), range.to.toISOString(), range.currency, range.channels ?? null],
    );
    return Number(rows[0].n);
  }

  /**
   * A row per order rather than per order and touch, its path aggregated in Postgres in path
   * order: under half the rows, and no touch handed over as columns and objects. (A LATERAL
   * per order over touches_customer_idx was slower at 100,000 orders.)
   */
  async paths(tx: EntityManager, range: PathQuery): Promise<CompactPath[]> {
    return tx.query(
      `SELECT o.customer_id, (extract(epoch FROM o.placed_at) * 1000)::float8 AS placed_ms, o.total,
              string_agg(float8send((extract(epoch FROM t.occurred_at) * 1000)::float8), ''::bytea
                         ORDER BY t.occurred_at, t.event_key) AS ats,
              string_agg(t.channel || E'\\x1f' || t.campaign_id || E'\\x1f' || t.paid::text, E'\\x1e'
                         ORDER BY t.occurred_at, t.event_key) AS keys
         ${PATHS_OF_ORDERS}
        GROUP BY o.order_id`,
      pathParameters(range),
    );
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

export const ORDER_SCOPE = `o.placed_at >= $1 AND o.placed_at < $2 AND o.currency = $3 AND o.cancelled_at IS NULL
  AND ($4::text[] IS NULL OR o.channel = ANY($4::text[]))`;

/** The orders of the range, each joined to the touches on its path ($5 lookback days, $6 touch types). */
export const PATHS_OF_ORDERS = `FROM orders o
  LEFT JOIN touches t
    ON t.customer_id = o.customer_id
   AND t.occurred_at <= o.placed_at
   AND t.occurred_at > o.placed_at - make_interval(days => $5)
   AND ($6::text[] IS NULL OR t.touch_type = ANY($6::text[]))
 WHERE ${ORDER_SCOPE}`;

export const pathParameters = (range: PathQuery) => [
  range.from.toISOString(),
  range.to.toISOString(),
  range.currency,
  range.channels ?? null,
  range.lookbackDays,
  range.touchTypes ?? null,
];
