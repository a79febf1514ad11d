import { Injectable } from '@nestjs/common';
import { insertRows } from '@omni/database';
import { DataSource } from 'typeorm';

export type FairnessCorrection = {
  sku: string;
  currency: string;
  channel: string;
  customerGroups: string;
  country: string;
  memberPrice: number;
  baselinePrice: number;
  baselineGroup: string;
};

/** Every time selection lowered a member price to the baseline: counted per case, never silent. */
@Injectable()
export class FairnessCorrectionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async record(corrections: readonly FairnessCorrection[], at: Date): Promise<void> {
    const instant = at.toISOString();
    await insertRows(
      this.dataSource.manager,
      'fairness_corrections AS c',
      {
        sku: 'text',
        currency: 'text',
        channel: 'text',
        customerGroups: 'text',
        country: 'text',
        memberPrice: 'bigint',
        baselinePrice: 'bigint',
        baselineGroup: 'text',
        firstAt: 'timestamptz',
        lastAt: 'timestamptz',
      },
      corrections.map((correction) => ({ ...correction, firstAt: instant, lastAt: instant })),
      `ON CONFLICT (sku, currency, channel, customer_groups, country, member_price, baseline_price)
       DO UPDATE SET times = c.times + 1, last_at = EXCLUDED.last_at`,
    );
  }

  async find(sku: string | undefined, limit: number) {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT sku, currency, channel, customer_groups AS "customerGroups", country, member_price::float8 AS "memberPrice",
         baseline_price::float8 AS "baselinePrice", baseline_group AS "baselineGroup", times, first_at AS "firstAt", last_at AS "lastAt"
       FROM fairness_corrections WHERE ($1::text IS NULL OR sku = $1) ORDER BY last_at DESC LIMIT $2`,
      [sku ?? null, limit],
    );
    return rows;
  }
}
