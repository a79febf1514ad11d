import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { addFacts, emptyFold, type FoldState } from './customer-profile';
import { CustomersRepository, type CustomerFact } from './customers.repository';

/** The profile folded on write (`customer_profiles`), one row per customer. */
@Injectable()
export class CustomerProfilesRepository {
  constructor(private readonly customers: CustomersRepository) {}

  /**
   * Adds newly recorded facts to their customers' folds, in the transaction that recorded
   * them: the rows are locked, folded in memory and written back in one statement. A customer
   * without a row yet is folded from all its facts (the new ones included).
   */
  async addFacts(tx: EntityManager, facts: readonly CustomerFact[]): Promise<void> {
    if (facts.length === 0) return;
    const byCustomer = new Map<string, CustomerFact[]>();
    for (const fact of facts) {
      const list = byCustomer.get(fact.customerId);
      if (list === undefined) byCustomer.set(fact.customerId, [fact]);
      else list.push(fact);
    }
    const ids = [...byCustomer.keys()].sort();
    const rows: { customer_id: string; fold: FoldState }[] = await tx.query(
      `SELECT customer_id, fold FROM customer_profiles WHERE customer_id = ANY($1::text[])
       ORDER BY customer_id FOR UPDATE`,
      [ids],
    );
    const folds = new Map(rows.map((row) => [row.customer_id, row.fold]));
    for (const [customerId, added] of byCustomer) {
      const held = folds.get(customerId);
      if (held !== undefined) folds.set(customerId, addFacts(held, added));
    }
    await this.write(
      tx,
      folds,
      ids.filter((id) => !folds.has(id)),
    );
  }

  /** Folds these customers again from all their facts (after a merge or split moved some). */
  async refresh(tx: EntityManager, customerIds: readonly string[]): Promise<void> {
    if (customerIds.length === 0) return;
    await tx.query(
      `SELECT customer_id FROM customer_profiles WHERE customer_id = ANY($1::text[])
       ORDER BY customer_id FOR UPDATE`,
      [[...customerIds]],
    );
    await tx.query(`DELETE FROM customer_profiles WHERE customer_id = ANY($1::text[])`, [
      [...customerIds],
    ]);
    await this.write(tx, new Map(), [...new Set(customerIds)].sort());
  }

  /** Writes `folds`, and the folds of `fromScratch` out of every fact they hold. */
  private async write(
    tx: EntityManager,
    folds: Map<string, FoldState>,
    fromScratch: readonly string[],
  ): Promise<void> {
    if (fromScratch.length > 0) {
      const held = new Map<string, CustomerFact[]>(fromScratch.map((id) => [id, []]));
      for (const fact of await this.customers.factsOfMany(tx, fromScratch)) {
        held.get(fact.customerId)?.push(fact);
      }
      for (const [customerId, facts] of held) folds.set(customerId, addFacts(emptyFold(), facts));
    }
    if (folds.size === 0) return;
    await tx.query(
      `INSERT INTO customer_profiles (customer_id, fold)
       SELECT * FROM unnest($1::text[], $2::jsonb[])
       ON CONFLICT (customer_id) DO UPDATE SET fold = excluded.fold`,
      [[...folds.keys()], [...folds.values()].map((fold) => JSON.stringify(fold))],
    );
  }
}
