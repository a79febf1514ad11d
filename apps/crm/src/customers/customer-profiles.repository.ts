import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@omni/platform';
import { textArrayLiteral } from '@omni/database';
import type { EntityManager } from 'typeorm';
import type { CrmConfig } from '../config/crm-config';
import { addFacts, emptyFold, profileOf, strategiesKey, type FoldState } from './customer-profile';
import { CustomersRepository, type CustomerFact } from './customers.repository';
import type { TraitStrategy } from './trait-strategies';

/**
 * The profile folded on write (`customer_profiles`), one row per customer: the fold, and the
 * profile it stands for as the customer API shows it (`view`, with the strategies that merged it).
 */
@Injectable()
export class CustomerProfilesRepository {
  private readonly strategies: Readonly<Record<string, TraitStrategy>>;
  private readonly strategiesKey: string;

  constructor(
    @Inject(SERVICE_CONFIG) config: CrmConfig,
    private readonly customers: CustomersRepository,
  ) {
    this.strategies = config.loyalty.traits;
    this.strategiesKey = strategiesKey(this.strategies);
  }

  /**
   * Adds newly recorded facts to their customers' folds, in the transaction that recorded
   * them: the rows are locked, folded in memory and written back in one statement. A customer
   * without a row yet is folded from all its facts (the new ones included), read back unless
   * it is one of `created`: customers this transaction created, whose only facts are these.
   */
  async addFacts(
    tx: EntityManager,
    facts: readonly CustomerFact[],
    created: ReadonlySet<string>,
  ): Promise<void> {
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
      [textArrayLiteral(ids)],
    );
    const folds = new Map(rows.map((row) => [row.customer_id, row.fold]));
    for (const [customerId, added] of byCustomer) {
      const held = folds.get(customerId) ?? (created.has(customerId) ? emptyFold() : undefined);
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

  /** Writes `folds` with their views, and the folds of `fromScratch` out of every fact they hold. */
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
    const ids: string[] = [];
    const documents: string[] = [];
    for (const [customerId, fold] of folds) {
      ids.push(customerId);
      documents.push(JSON.stringify(fold), JSON.stringify(profileOf(fold, this.strategies)));
    }
    // Each fold and view is a parameter of its own ($3, $4 for the first customer, …), not an
    // element of an array literal: the documents are kilobytes of JSON whose every quote a
    // literal escapes and Postgres unescapes again, which took most of the statement's time.
    // A batch holds at most CRM_CONSUMER_BATCH_SIZE (≤ 10,000) customers: within Postgres's
    // 65,535 parameters.
    const fold = (i: number) => `$${2 * i + 3}`;
    const view = (i: number) => `$${2 * i + 4}`;
    await tx.query(
      `INSERT INTO customer_profiles (customer_id, fold, view, view_strategies)
       SELECT id, f, v, $2
       FROM unnest($1::text[], ARRAY[${ids.map((_, i) => fold(i)).join(',')}]::json[],
                   ARRAY[${ids.map((_, i) => view(i)).join(',')}]::json[]) AS u(id, f, v)
       ON CONFLICT (customer_id) DO UPDATE
         SET fold = excluded.fold, view = excluded.view, view_strategies = excluded.view_strategies`,
      [textArrayLiteral(ids), this.strategiesKey, ...documents],
    );
  }
}
