import { Injectable } from '@nestjs/common';
import type { Tier } from '@omni/contracts';
import { schemaOf } from '@omni/messaging';
import type { Pool, QueryResultRow } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import type { PresentedCoupon } from '../coupons/coupons.repository';

export type PriceFact = {
  sku: string;
  channel: string;
  currency: string;
  /** A tier or segment name, or '' for everyone. */
  customerGroup: string;
  validFrom: Date;
  validTo: Date | null;
  amount: number;
  occurredAt: Date;
};

/** What a quote reads from the read models, see `cartFacts`. */
export type CartFacts = {
  customer: CustomerView | undefined;
  prices: Map<string, number>;
  floors: Map<string, number>;
  coupons: PresentedCoupon[];
};

export type CustomerView = {
  customerId: string;
  tier: Tier | undefined;
  /** Ids and names of the segments the customer is in. */
  segments: string[];
  orders: number;
};

/** The query of a quote's cart facts. */
export type CartFactsQuery = {
  customerId: string | undefined;
  skus: readonly string[];
  channel: string;
  currency: string;
  at: Date;
  needPrices: boolean;
  couponCodes: readonly string[];
};

/** A customer's row as the cart-facts statements read it (null when it has none of them). */
export type CustomerFacts = { tier: Tier | null; orders: number | null; segments: string[] | null };

/** One price of a SKU on a channel in a currency; times in µs since the epoch. */
export type PriceRow = {
  group: string;
  validFrom: number;
  validTo: number | null;
  amount: number;
};

/** A coupon as a quote reads it, without this customer's uses. */
export type CouponDefinition = Omit<PresentedCoupon, 'customerUses'>;

/** What `cartFactParts` read. */
export type CartFactParts = {
  customer: CustomerFacts | null;
  /** Each SKU's prices, newest first. */
  prices: Map<string, PriceRow[]>;
  floors: Map<string, number>;
  coupons: Map<string, CouponDefinition>;
  /** The customer's uses of each code they used. */
  uses: Map<string, number>;
};

type CartFactsRow = {
  customer: CustomerFacts | null;
  prices: Record<string, number>;
  floors: Record<string, number>;
  coupons: (Omit<PresentedCoupon, 'validFrom' | 'validTo'> & {
    validFrom: string | null;
    validTo: string | null;
  })[];
};

const COUPON_JSON = `json_build_object(
                        'code', c.code, 'campaignId', c.campaign_id, 'batchId', c.batch_id,
                        'customerId', c.customer_id, 'maxUses', c.max_uses, 'uses', c.uses,
                        'perCustomerLimit', c.per_customer_limit, 'validFrom', c.valid_from,
                        'validTo', c.valid_to`;

/** What `cartFacts` reads, in one statement; see there. */
const CART_FACTS_SQL = `WITH customer AS (
         SELECT c.tier, c.orders,
                (SELECT array_agg(x) FROM customer_segments s, unnest(ARRAY[s.segment_id, s.segment_name]) x
                  WHERE s.customer_id = $1 AND s.member) AS segments
           FROM (SELECT $1::text AS customer_id) k
           LEFT JOIN customers c ON c.customer_id = k.customer_id
          WHERE $1::text IS NOT NULL
       ), price_groups AS (
         SELECT '' AS name
         UNION SELECT tier FROM customer WHERE tier IS NOT NULL
         UNION SELECT unnest(segments) FROM customer
       ), prices AS (
         SELECT sku, min(amount) AS amount FROM (
           SELECT DISTINCT ON (sku, customer_group) sku, customer_group, amount, valid_to
             FROM sku_prices
            WHERE $6 AND sku = ANY($2) AND channel = $3 AND currency = $4
              AND customer_group IN (SELECT name FROM price_groups) AND valid_from <= $5
            ORDER BY sku, customer_group, valid_from DESC
         ) latest
         WHERE valid_to IS NULL OR valid_to > $5
         GROUP BY sku
       )
       SELECT (SELECT row_to_json(customer) FROM customer) AS customer,
              (SELECT coalesce(json_object_agg(sku, amount), '{}') FROM prices) AS prices,
              (SELECT coalesce(json_object_agg(sku, floor), '{}') FROM sku_floors
                WHERE sku = ANY($2) AND currency = $4) AS floors,
              (SELECT coalesce(json_agg(${COUPON_JSON}, 'customerUses', u.uses)), '[]')
                 FROM coupons c
                 LEFT JOIN coupon_customer_uses u ON u.code = c.code AND u.customer_id = $1
                WHERE c.code = ANY($7)) AS coupons`;

/**
 * The parts of the cart facts a process has not cached (see `CartFactsCache`), as they are
 * stored: the customer's row, every price row of the SKUs on the channel in the currency (the
 * price at an instant is chosen from them as the cart-facts statement chooses it), their
 * floors, the coupons and the customer's uses of them. Times are whole µs, as stored.
 */
const CART_FACT_PARTS_SQL = `SELECT
         (SELECT json_build_object('tier', c.tier, 'orders', c.orders, 'segments',
                   (SELECT array_agg(x) FROM customer_segments s, unnest(ARRAY[s.segment_id, s.segment_name]) x
                     WHERE s.customer_id = $1 AND s.member))
            FROM (SELECT $1::text AS customer_id) k
            LEFT JOIN customers c ON c.customer_id = k.customer_id
           WHERE $1::text IS NOT NULL) AS customer,
         (SELECT coalesce(json_agg(json_build_array(sku, customer_group,
                   (extract(epoch FROM valid_from) * 1000000)::bigint,
                   (extract(epoch FROM valid_to) * 1000000)::bigint, amount)
                   ORDER BY sku, valid_from DESC), '[]')
            FROM sku_prices WHERE sku = ANY($2) AND channel = $3 AND currency = $4) AS prices,
         (SELECT coalesce(json_object_agg(sku, floor), '{}') FROM sku_floors
           WHERE sku = ANY($5) AND currency = $4) AS floors,
         (SELECT coalesce(json_agg(${COUPON_JSON})), '[]') FROM coupons c WHERE c.code = ANY($6)) AS coupons,
         (SELECT coalesce(json_object_agg(code, uses), '{}') FROM coupon_customer_uses
           WHERE customer_id = $7 AND code = ANY($8)) AS uses`;

type CartFactPartsRow = {
  customer: CustomerFacts | null;
  prices: [string, string, number, number | null, number][];
  floors: Record<string, number>;
  coupons: CartFactsRow['coupons'];
  uses: Record<string, number>;
};

/** A customer's facts as a quote sees them: none when the customer is unknown. */
export function customerView(
  customerId: string,
  facts: CustomerFacts | null,
): CustomerView | undefined {
  if (facts === null || (facts.tier === null && facts.orders === null && facts.segments === null))
    return undefined;
  return {
    customerId,
    tier: facts.tier ?? undefined,
    segments: [...new Set(facts.segments ?? [])].sort(),
    orders: facts.orders ?? 0,
  };
}

function couponOf(coupon: CartFactsRow['coupons'][number]): PresentedCoupon {
  return {
    ...coupon,
    validFrom: coupon.validFrom === null ? null : new Date(coupon.validFrom),
    validTo: coupon.validTo === null ? null : new Date(coupon.validTo),
  };
}

/**
 * Promotions' own copies of other services' facts: prices from price.changed, tiers and
 * segments from crm, consent from the channels. The latest event time wins, so late or
 * redelivered events never roll a fact back.
 */
@Injectable()
export class ReadModelsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The schema the read models live in: the data source's, else the connection's search path. */
  async schema(): Promise<string> {
    const configured = schemaOf(this.dataSource);
    if (configured !== undefined) return configured;
    const [row]: { schema: string }[] = await this.dataSource.query(
      `SELECT current_schema() AS schema`,
    );
    return row.schema;
  }

  async recordPrices(tx: EntityManager, prices: readonly PriceFact[]): Promise<void> {
    for (const price of prices)
      await tx.query(
        `INSERT INTO sku_prices (sku, channel, currency, customer_group, valid_from, valid_to, amount, occurred_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (sku, channel, currency, customer_group, valid_from) DO UPDATE
           SET valid_to = excluded.valid_to, amount = excluded.amount, occurred_at = excluded.occurred_at
           WHERE sku_prices.occurred_at <= excluded.occurred_at`,
        [
          price.sku,
          price.channel,
          price.currency,
          price.customerGroup,
          price.validFrom,
          price.validTo,
          price.amount,
          price.occurredAt,
        ],
      );
  }

  /**
   * Everything a quote reads, in one statement (one round trip and one pooled connection per
   * quote): the customer's tier, order count and segments (ids and names); when `needPrices`,
   * each SKU's unit price for that customer at `at` — the lowest of the prices in force for
   * everyone and for the customer's tier and segments (pricing's fairness guard keeps group
   * prices at or below the price for everyone); the SKUs' floors in the currency; and the
   * presented coupons with this customer's uses of each.
   */
  async cartFacts(query: CartFactsQuery): Promise<CartFacts> {
    // A named statement: parsed and planned once per connection, not per quote (planning each
    // time tripled the Postgres CPU of a quote).
    const row = await this.namedRow<CartFactsRow>('promotions.cart-facts', CART_FACTS_SQL, [
      query.customerId ?? null,
      query.skus,
      query.channel,
      query.currency,
      query.at,
      query.needPrices,
      query.couponCodes,
    ]);
    return {
      customer:
        query.customerId === undefined ? undefined : customerView(query.customerId, row.customer),
      prices: new Map(Object.entries(row.prices).map(([sku, amount]) => [sku, Number(amount)])),
      floors: new Map(Object.entries(row.floors).map(([sku, floor]) => [sku, Number(floor)])),
      coupons: row.coupons.map(couponOf),
    };
  }

  /**
   * The one row of a named statement (parsed and planned once per pooled connection), through
   * the pool itself: TypeORM's query runner cannot send a statement name.
   */
  private async namedRow<T extends QueryResultRow>(
    name: string,
    text: string,
    values: unknown[],
  ): Promise<T> {
    const pool = (this.dataSource.driver as unknown as { master: Pool }).master;
    const {
      rows: [row],
    } = await pool.query<T>({ name, text, values });
    if (row === undefined) throw new Error(`the statement ${name} returned no row`);
    return row;
  }

  /** The stored rows behind the cart facts a process has not cached, in one statement. */
  async cartFactParts(query: {
    customerId: string | undefined;
    priceSkus: readonly string[];
    floorSkus: readonly string[];
    channel: string;
    currency: string;
    couponCodes: readonly string[];
    useCodes: readonly string[];
    /** Whose uses of `useCodes` to read. */
    usesOf: string | undefined;
  }): Promise<CartFactParts> {
    const row = await this.namedRow<CartFactPartsRow>(
      'promotions.cart-fact-parts',
      CART_FACT_PARTS_SQL,
      [
        query.customerId ?? null,
        query.priceSkus,
        query.channel,
        query.currency,
        query.floorSkus,
        query.couponCodes,
        query.usesOf ?? null,
        query.useCodes,
      ],
    );
    const prices = new Map<string, PriceRow[]>();
    for (const [sku, group, validFrom, validTo, amount] of row.prices) {
      let rows = prices.get(sku);
      if (rows === undefined) prices.set(sku, (rows = []));
      rows.push({ group, validFrom, validTo, amount: Number(amount) });
    }
    return {
      customer: row.customer,
      prices,
      floors: new Map(Object.entries(row.floors).map(([sku, floor]) => [sku, Number(floor)])),
      coupons: new Map(row.coupons.map((coupon) => [coupon.code, couponOf(coupon)])),
      uses: new Map(Object.entries(row.uses)),
    };
  }

  async setFloor(
    tx: EntityManager,
    sku: string,
    currency: string,
    floor: number,
    at: Date,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO sku_floors (sku, currency, floor, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (sku, currency) DO UPDATE SET floor = excluded.floor, updated_at = excluded.updated_at`,
      [sku, currency, floor, at],
    );
  }

  async recordTier(tx: EntityManager, customerId: string, tier: Tier, at: Date): Promise<void> {
    await tx.query(
      `INSERT INTO customers (customer_id, tier, tier_at) VALUES ($1, $2, $3)
       ON CONFLICT (customer_id) DO UPDATE SET tier = excluded.tier, tier_at = excluded.tier_at
         WHERE customers.tier_at IS NULL OR customers.tier_at <= excluded.tier_at`,
      [customerId, tier, at],
    );
  }

  async recordSegment(
    tx: EntityManager,
    change: {
      customerId: string;
      segmentId: string;
      segmentName: string;
      member: boolean;
      at: Date;
    },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO customer_segments (customer_id, segment_id, segment_name, member, changed_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (customer_id, segment_id) DO UPDATE
         SET segment_name = excluded.segment_name, member = excluded.member, changed_at = excluded.changed_at
         WHERE customer_segments.changed_at <= excluded.changed_at`,
      [change.customerId, change.segmentId, change.segmentName, change.member, change.at],
    );
  }

  async recordConsent(
    tx: EntityManager,
    change: { customerId: string; channel: string; granted: boolean; at: Date },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO customer_consents (customer_id, channel, granted, changed_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (customer_id, channel) DO UPDATE SET granted = excluded.granted, changed_at = excluded.changed_at
         WHERE customer_consents.changed_at <= excluded.changed_at`,
      [change.customerId, change.channel, change.granted, change.at],
    );
  }

  /** Counts an order for its customer once (by order id), keeping its event so a split can move it. */
  async countOrder(
    tx: EntityManager,
    order: { customerId: string; orderId: string; sourceEventKey: string | null; at: Date },
  ): Promise<void> {
    const counted: unknown[] = await tx.query(
      `INSERT INTO customer_orders (order_id, customer_id, source_event_key, placed_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (order_id) DO NOTHING RETURNING order_id`,
      [order.orderId, order.customerId, order.sourceEventKey, order.at],
    );
    if (counted.length === 0) return;
    const customerId = order.customerId;
    await tx.query(
      `INSERT INTO customers (customer_id, orders) VALUES ($1, 1)
       ON CONFLICT (customer_id) DO UPDATE SET orders = customers.orders + 1`,
      [customerId],
    );
  }

  /** Marketing consent on any channel (a grant on one channel is enough to make an offer). */
  async hasMarketingConsent(tx: EntityManager, customerId: string): Promise<boolean> {
    const [row]: { granted: boolean }[] = await tx.query(
      `SELECT bool_or(granted) AS granted FROM customer_consents WHERE customer_id = $1`,
      [customerId],
    );
    return row?.granted === true;
  }
}
