import { Injectable } from '@nestjs/common';
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
    await this.dataSource.query(
      `INSERT INTO fairness_corrections AS c (sku, currency, channel, customer_groups, country, member_price,
         baseline_price, baseline_group, first_at, last_at)
       SELECT s.*, $9::timestamptz, $9::timestamptz
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[], $8::text[]) AS s
       ON CONFLICT (sku, currency, channel, customer_groups, country, member_price, baseline_price)
       DO UPDATE SET times = c.times + 1, last_at = EXCLUDED.last_at`,
      [
        corrections.map((c) => c.sku),
        corrections.map((c) => c.currency),
        corrections.map((c) => c.channel),
        corrections.map((c) => c.customerGroups),
        corrections.map((c) => c.country),
        corrections.map((c) => c.memberPrice),
        corrections.map((c) => c.baselinePrice),
        corrections.map((c) => c.baselineGroup),
        at.toISOString(),
      ],
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
