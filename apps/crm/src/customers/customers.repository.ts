import { Injectable } from '@nestjs/common';
import type { Tier } from '@omni/contracts';
import { In, MoreThan, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { CustomerEntity, ErasedCustomerEntity } from './customer.entity';
import { CustomerFactEntity } from './customer-fact.entity';

export type CustomerRow = Omit<CustomerEntity, 'createdAt'>;

/** A fact taken from one resolved event, under the key of that event. */
export type CustomerFact = CustomerFactEntity;

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

  /** Creates the customers not there yet; answers the ids it created. */
  async ensureMany(
    tx: EntityManager,
    customers: readonly { customerId: string; since: Date }[],
  ): Promise<string[]> {
    if (customers.length === 0) return [];
    const result = await tx
      .createQueryBuilder()
      .insert()
      .into(CustomerEntity)
      .values(
        customers.map(({ customerId, since }) => ({
          customerId,
          tier: 'regular' as const,
          tierSince: since,
          profileVersion: 0,
          profilePart: 0,
        })),
      )
      .orIgnore()
      .returning(['customerId'])
      .execute();
    return (result.raw as { customer_id: string }[]).map((row) => row.customer_id);
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
    const rows = await tx
      .getRepository(ErasedCustomerEntity)
      .find({ select: { customerId: true }, where: { customerId: In([...customerIds]) } });
    return new Set(rows.map((row) => row.customerId));
  }

  isErased(tx: EntityManager, customerId: string): Promise<boolean> {
    return tx.getRepository(ErasedCustomerEntity).existsBy({ customerId });
  }

  /** Records the fact; false when a fact of that event is already held. */
  /** Records facts in one statement; facts of events already held are skipped. */
  async insertFacts(tx: EntityManager, facts: readonly CustomerFact[]): Promise<void> {
    if (facts.length === 0) return;
    await tx
      .createQueryBuilder()
      .insert()
      .into(CustomerFactEntity)
      .values([...facts] as QueryDeepPartialEntity<CustomerFactEntity>[])
      .orIgnore()
      .execute();
  }

  async insertFact(tx: EntityManager, fact: CustomerFact): Promise<boolean> {
    const result = await tx
      .createQueryBuilder()
      .insert()
      .into(CustomerFactEntity)
      // jsonb data is typed as unknown values, which TypeORM's deep-partial type cannot express.
      .values(fact as QueryDeepPartialEntity<CustomerFactEntity>)
      .orIgnore()
      .returning(['eventKey'])
      .execute();
    return (result.raw as unknown[]).length === 1;
  }

  facts(tx: EntityManager, customerId: string): Promise<CustomerFact[]> {
    return tx
      .getRepository(CustomerFactEntity)
      .find({ where: { customerId }, order: { occurredAt: 'ASC', eventKey: 'ASC' } });
  }

  /** The facts that carry traits (`customer.identified`) of these customers. */
  traitFacts(tx: EntityManager, customerIds: readonly string[]): Promise<CustomerFact[]> {
    if (customerIds.length === 0) return Promise.resolve([]);
    return tx.getRepository(CustomerFactEntity).find({
      where: { customerId: In([...customerIds]), type: 'customer.identified' },
      order: { occurredAt: 'ASC', eventKey: 'ASC' },
    });
  }

  orderFacts(tx: EntityManager, customerId: string, orderId: string): Promise<CustomerFact[]> {
    return tx
      .getRepository(CustomerFactEntity)
      .find({ where: { customerId, orderId }, order: { occurredAt: 'ASC', eventKey: 'ASC' } });
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
