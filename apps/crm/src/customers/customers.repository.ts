import { Injectable } from '@nestjs/common';
import type { Tier } from '@omni/contracts';
import { textArrayLiteral } from '@omni/database';
import { In, MoreThan, type EntityManager } from 'typeorm';
import { CustomerEntity, ErasedCustomerEntity } from './customer.entity';
import { CustomerFactEntity } from './customer-fact.entity';

export type CustomerRow = Omit<CustomerEntity, 'createdAt'>;

/** A fact taken from one resolved event, under the key of that event. */
export type CustomerFact = CustomerFactEntity;

type FactRow = {
  event_key: string;
  customer_id: string;
  type: string;
  channel: string | null;
  occurred_at: Date;
  order_id: string | null;
  amount: string | null;
  currency: string | null;
  data: Record<string, unknown> | null;
};

const factOfRow = (row: FactRow): CustomerFact => ({
  eventKey: row.event_key,
  customerId: row.customer_id,
  type: row.type,
  channel: row.channel,
  occurredAt: new Date(row.occurred_at),
  orderId: row.order_id,
  amount: row.amount === null ? null : Number(row.amount),
  currency: row.currency,
  data: row.data,
});

/** Customers and the facts their profile is folded from. */
@Injectable()
export class CustomersRepository {
  /** Creates the customer if new; true when it was created. */
  async ensure(tx: EntityManager, customerId: string, since: Date): Promise<boolean> {
    const result = await tx
      .createQueryBuilder()
      .insert()
      .into(CustomerEntity)
      .values({ customerId, tier: 'regular', tierSince: since, profileVersion: 0, profilePart: 0 })
      .orIgnore()
      .returning(['customerId'])
      .execute();
    return (result.raw as unknown[]).length === 1;
  }

  /** Creates the customers not there yet, in one statement; answers the ids it created. */
  async ensureMany(
    tx: EntityManager,
    customers: readonly { customerId: string; since: Date }[],
  ): Promise<string[]> {
    if (customers.length === 0) return [];
    const rows: { customer_id: string }[] = await tx.query(
      `INSERT INTO customers (customer_id, tier, tier_since, profile_version, profile_part)
       SELECT c.customer_id, 'regular', c.since, 0, 0
       FROM unnest($1::text[], $2::timestamptz[]) AS c(customer_id, since)
       ON CONFLICT DO NOTHING RETURNING customer_id`,
      [
        textArrayLiteral(customers.map((c) => c.customerId)),
        textArrayLiteral(customers.map((c) => c.since.toISOString())),
      ],
    );
    return rows.map((row) => row.customer_id);
  }

  /** The customer's row, locked until the transaction ends: every points change holds it. */
  async lock(tx: EntityManager, customerId: string): Promise<CustomerRow | undefined> {
    const row = await tx
      .getRepository(CustomerEntity)
      .findOne({ where: { customerId }, lock: { mode: 'pessimistic_write' } });
    return row ?? undefined;
  }

  async find(tx: EntityManager, customerId: string): Promise<CustomerRow | undefined> {
    return (await tx.getRepository(CustomerEntity).findOneBy({ customerId })) ?? undefined;
  }

  /** The survivor a merged customer id now leads to, if it was merged. */
  async survivorOf(tx: EntityManager, customerId: string): Promise<string | undefined> {
    const [row]: { survivor_id: string }[] = await tx.query(
      `SELECT survivor_id FROM merged_customers WHERE customer_id = $1`,
      [customerId],
    );
    return row?.survivor_id;
  }

  async allIds(tx: EntityManager, after: string | null, limit: number): Promise<string[]> {
    const rows = await tx.getRepository(CustomerEntity).find({
      select: { customerId: true },
      where: after === null ? {} : { customerId: MoreThan(after) },
      order: { customerId: 'ASC' },
      take: limit,
    });
    return rows.map((row) => row.customerId);
  }

  async setTier(tx: EntityManager, customerId: string, tier: Tier, since: Date): Promise<void> {
    await tx.getRepository(CustomerEntity).update({ customerId }, { tier, tierSince: since });
  }

  async setProfileVersion(
    tx: EntityManager,
    customerId: string,
    version: number,
    part: number,
  ): Promise<void> {
    await tx
      .getRepository(CustomerEntity)
      .update({ customerId }, { profileVersion: version, profilePart: part });
  }

  async erasedAmong(tx: EntityManager, customerIds: readonly string[]): Promise<Set<string>> {
    if (customerIds.length === 0) return new Set();
    // One array parameter, not an IN list of one parameter per id.
    const rows: { customer_id: string }[] = await tx.query(
      `SELECT customer_id FROM erased_customers WHERE customer_id = ANY($1::text[])`,
      [textArrayLiteral(customerIds)],
    );
    return new Set(rows.map((row) => row.customer_id));
  }

  isErased(tx: EntityManager, customerId: string): Promise<boolean> {
    return tx.getRepository(ErasedCustomerEntity).existsBy({ customerId });
  }

  /** Records facts in one statement; facts of events already held are skipped. Answers the keys it recorded. */
  async insertFacts(tx: EntityManager, facts: readonly CustomerFact[]): Promise<Set<string>> {
    if (facts.length === 0) return new Set();
    const column = (key: 'eventKey' | 'customerId' | 'type' | 'channel' | 'orderId' | 'currency') =>
      textArrayLiteral(facts.map((fact) => fact[key]));
    const rows: { event_key: string }[] = await tx.query(
      `INSERT INTO customer_facts
         (event_key, customer_id, type, channel, occurred_at, order_id, amount, currency, data)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[],
                            $6::text[], $7::bigint[], $8::text[], $9::jsonb[])
       ON CONFLICT DO NOTHING RETURNING event_key`,
      [
        column('eventKey'),
        column('customerId'),
        column('type'),
        column('channel'),
        textArrayLiteral(facts.map((fact) => fact.occurredAt.toISOString())),
        column('orderId'),
        textArrayLiteral(facts.map((fact) => (fact.amount === null ? null : String(fact.amount)))),
        column('currency'),
        textArrayLiteral(
          facts.map((fact) => (fact.data === null ? null : JSON.stringify(fact.data))),
        ),
      ],
    );
    return new Set(rows.map((row) => row.event_key));
  }

  /** Locks the customers' rows in id order (so two batches never wait on each other crosswise). */
  async lockMany(
    tx: EntityManager,
    customerIds: readonly string[],
  ): Promise<Map<string, { tier: Tier; tierSince: Date }>> {
    if (customerIds.length === 0) return new Map();
    const rows: { customer_id: string; tier: Tier; tier_since: Date }[] = await tx.query(
      `SELECT customer_id, tier, tier_since FROM customers
       WHERE customer_id = ANY($1::text[]) ORDER BY customer_id FOR UPDATE`,
      [textArrayLiteral(customerIds)],
    );
    return new Map(
      rows.map((row) => [row.customer_id, { tier: row.tier, tierSince: new Date(row.tier_since) }]),
    );
  }

  /** Sets many customers' tiers in one statement. */
  async setTiers(
    tx: EntityManager,
    tiers: readonly { customerId: string; tier: Tier; since: Date }[],
  ): Promise<void> {
    if (tiers.length === 0) return;
    await tx.query(
      `UPDATE customers c SET tier = t.tier, tier_since = t.since
       FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS t(customer_id, tier, since)
       WHERE c.customer_id = t.customer_id`,
      [
        textArrayLiteral(tiers.map((t) => t.customerId)),
        textArrayLiteral(tiers.map((t) => t.tier)),
        textArrayLiteral(tiers.map((t) => t.since.toISOString())),
      ],
    );
  }

  /**
   * The facts a batch's points and tier decisions read, in one statement: every fact of the
   * given orders, and the qualifying facts (`types`) of each customer inside its window.
   */
  async loyaltyFacts(
    tx: EntityManager,
    orders: readonly { customerId: string; orderId: string }[],
    windows: readonly { customerId: string; from: Date; to: Date }[],
    types: readonly string[],
  ): Promise<CustomerFact[]> {
    const rows: FactRow[] = await tx.query(
      `SELECT f.* FROM customer_facts f
         JOIN unnest($1::text[], $2::text[]) AS o(customer_id, order_id)
           ON f.customer_id = o.customer_id AND f.order_id = o.order_id
       UNION
       SELECT f.* FROM customer_facts f
         JOIN unnest($3::text[], $4::timestamptz[], $5::timestamptz[]) AS w(customer_id, lo, hi)
           ON f.customer_id = w.customer_id AND f.occurred_at > w.lo AND f.occurred_at <= w.hi
       WHERE f.type = ANY($6::text[])`,
      [
        textArrayLiteral(orders.map((o) => o.customerId)),
        textArrayLiteral(orders.map((o) => o.orderId)),
        textArrayLiteral(windows.map((w) => w.customerId)),
        textArrayLiteral(windows.map((w) => w.from.toISOString())),
        textArrayLiteral(windows.map((w) => w.to.toISOString())),
        textArrayLiteral(types),
      ],
    );
    return rows.map(factOfRow);
  }

  facts(tx: EntityManager, customerId: string): Promise<CustomerFact[]> {
    return tx
      .getRepository(CustomerFactEntity)
      .find({ where: { customerId }, order: { occurredAt: 'ASC', eventKey: 'ASC' } });
  }

  /** Every fact of these customers, in one statement. */
  async factsOfMany(tx: EntityManager, customerIds: readonly string[]): Promise<CustomerFact[]> {
    const rows: FactRow[] = await tx.query(
      `SELECT * FROM customer_facts WHERE customer_id = ANY($1::text[])`,
      [textArrayLiteral(customerIds)],
    );
    return rows.map(factOfRow);
  }

  /** The facts that carry traits (`customer.identified`) of these customers. */
  traitFacts(tx: EntityManager, customerIds: readonly string[]): Promise<CustomerFact[]> {
    if (customerIds.length === 0) return Promise.resolve([]);
    return tx.getRepository(CustomerFactEntity).find({
      where: { customerId: In([...customerIds]), type: 'customer.identified' },
      order: { occurredAt: 'ASC', eventKey: 'ASC' },
    });
  }

  /** Paid orders and engagement events (reviews, store visits, service contacts) in [from, to]. */
  async activity(
    tx: EntityManager,
    customerId: string,
    from: Date,
    to: Date,
  ): Promise<{ points: number; orders: number; engagement: number }> {
    const [row]: { points: string; orders: string; engagement: string }[] = await tx.query(
      `SELECT
         (SELECT coalesce(sum(points), 0) FROM tier_points
           WHERE customer_id = $1 AND occurred_at > $2 AND occurred_at <= $3) AS points,
         count(DISTINCT order_id) FILTER (WHERE type = 'order.paid') AS orders,
         count(*) FILTER (WHERE type IN ('review.submitted', 'store.visited', 'service.contacted')) AS engagement
       FROM customer_facts WHERE customer_id = $1 AND occurred_at > $2 AND occurred_at <= $3`,
      [customerId, from, to],
    );
    return {
      points: Number(row.points),
      orders: Number(row.orders),
      engagement: Number(row.engagement),
    };
  }
}
