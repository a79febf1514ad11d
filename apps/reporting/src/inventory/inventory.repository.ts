import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SkuSales, SkuStock } from './inventory-figures';

export type InventoryScope = {
  /** First UTC day (YYYY-MM-DD) in the range, and the first after it. */
  fromDay: string;
  toDay: string;
  channel?: string;
  sku?: string;
};

/** Reads the per-day stock and sales rows of a range, summed per SKU. */
@Injectable()
export class InventoryRepository {
  constructor(private readonly dataSource: DataSource) {}

  async stock(scope: InventoryScope): Promise<SkuStock[]> {
    const { sql, params } = this.where(scope);
    const rows: Record<string, string>[] = await this.dataSource.query(
      `WITH per_location AS (
         SELECT sku, channel, location, sum(snapshots) AS snapshots, sum(stockouts) AS stockouts,
                sum(available_sum)::float8 / sum(snapshots) AS average_available,
                (array_agg(last_available ORDER BY last_at DESC))[1] AS current_available
           FROM inventory_days WHERE ${sql}
          GROUP BY sku, channel, location
       )
       SELECT sku, count(*)::text AS locations, sum(snapshots)::text AS snapshots,
              sum(stockouts)::text AS stockouts, sum(average_available)::text AS average_available,
              sum(current_available)::text AS current_available
         FROM per_location GROUP BY sku`,
      params,
    );
    return rows.map((row) => ({
      sku: row['sku'],
      locations: Number(row['locations']),
      snapshots: Number(row['snapshots']),
      stockouts: Number(row['stockouts']),
      averageAvailable: Number(row['average_available']),
      currentAvailable: Number(row['current_available']),
    }));
  }

  async sales(scope: InventoryScope): Promise<SkuSales[]> {
    const { sql, params } = this.where(scope);
    const rows: { sku: string; units: string; last_sold_at: Date }[] = await this.dataSource.query(
      `SELECT sku, sum(units)::text AS units, max(last_sold_at) AS last_sold_at
         FROM sku_sales_days WHERE ${sql} GROUP BY sku`,
      params,
    );
    return rows.map((row) => ({
      sku: row.sku,
      units: Number(row.units),
      lastSoldAt: new Date(row.last_sold_at),
    }));
  }

  private where(scope: InventoryScope) {
    const conditions = ['day >= $1::date', 'day < $2::date'];
    const params: unknown[] = [scope.fromDay, scope.toDay];
    if (scope.channel !== undefined) {
      params.push(scope.channel);
      conditions.push(`channel = $${params.length}`);
    }
    if (scope.sku !== undefined) {
      params.push(scope.sku);
      conditions.push(`sku = $${params.length}`);
    }
    return { sql: conditions.join(' AND '), params };
  }
}
