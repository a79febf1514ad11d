import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CustomerReturns } from './retention';

export type RetentionScope = {
  entryTypes: readonly string[];
  returnTypes: readonly string[];
  from: Date;
  to: Date;
  until: Date;
};

/** Customers whose first entry event falls in range, with their later return events. */
@Injectable()
export class RetentionRepository {
  constructor(private readonly dataSource: DataSource) {}

  async countEntrants(scope: RetentionScope): Promise<number> {
    const rows: { n: string }[] = await this.dataSource.query(
      `SELECT count(*) AS n FROM (
         SELECT customer_id FROM events WHERE type = ANY($1::text[])
          GROUP BY customer_id HAVING min(occurred_at) >= $2 AND min(occurred_at) < $3
       ) f`,
      [scope.entryTypes, scope.from.toISOString(), scope.to.toISOString()],
    );
    return Number(rows[0].n);
  }

  async returns(scope: RetentionScope): Promise<CustomerReturns[]> {
    const rows: { customer_id: string; first_at: Date; returned_at: Date | null }[] =
      await this.dataSource.query(
        `WITH firsts AS (
         SELECT customer_id, min(occurred_at) AS first_at FROM events WHERE type = ANY($1::text[])
          GROUP BY customer_id HAVING min(occurred_at) >= $2 AND min(occurred_at) < $3
       )
       SELECT f.customer_id, f.first_at, e.occurred_at AS returned_at
         FROM firsts f
         LEFT JOIN events e ON e.customer_id = f.customer_id AND e.type = ANY($4::text[])
                           AND e.occurred_at > f.first_at AND e.occurred_at < $5
        ORDER BY f.customer_id, e.occurred_at`,
        [
          scope.entryTypes,
          scope.from.toISOString(),
          scope.to.toISOString(),
          scope.returnTypes,
          scope.until.toISOString(),
        ],
      );
    const customers = new Map<string, { firstAt: Date; returns: Date[] }>();
    for (const row of rows) {
      let customer = customers.get(row.customer_id);
      if (customer === undefined) {
        customer = { firstAt: new Date(row.first_at), returns: [] };
        customers.set(row.customer_id, customer);
      }
      if (row.returned_at !== null) customer.returns.push(new Date(row.returned_at));
    }
    return [...customers.values()];
  }
}
