import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { FairnessExemption } from '../fairness/fairness-guard';
import type { PriceCandidate } from './price-candidate';
import {
  candidatesBySku,
  type PackedCandidate,
  type PackedRulePrice,
} from './price-catalog.repository';

/** A history point of a scope that has had a reduction; effective_from in microseconds. */
export type CatalogPoint = {
  effectiveFromMicros: number;
  amount: number | null;
  referenceAmount: number | null;
  reductionStartedAt: Date | null;
};

/** Everything selection reads about some SKUs, as the in-memory catalog keeps it. */
export type CatalogSkus = {
  /** Published and rule prices, per SKU, listed ones by id then rule ones by channel. */
  candidates: Map<string, PriceCandidate[]>;
  bounds: Map<string, { currency: string; floor: number; ceiling: number }>;
  /** Per SKU and `currency|channel|group|country`: every point, oldest first, of scopes with a reduction. */
  points: Map<string, Map<string, CatalogPoint[]>>;
};

/** What changed since a reader's watermark, and its next watermark. */
export type CatalogChangeBatch = {
  /** The snapshot this was read in (pg_current_snapshot as text). */
  watermark: string;
  skus: string[];
  lists: string[];
  exemptions: boolean;
};

export const pointScope = (currency: string, channel: string, group: string, country: string) =>
  `${currency}|${channel}|${group}|${country}`;

const date = (value: string | null) => (value === null ? null : new Date(value));

/**
 * The reads of the in-memory price catalog (selection/price-catalog.service.ts): whole SKUs at
 * a time, and the change log the triggers of migration 1765600000000 write.
 */
@Injectable()
export class CatalogRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The watermark to read changes from (a snapshot, see changesSince), taken before a full load. */
  async watermark(): Promise<string> {
    const [{ snapshot }]: { snapshot: string }[] = await this.dataSource.query(
      `SELECT pg_current_snapshot()::text AS snapshot`,
    );
    return snapshot;
  }

  /** Every SKU the catalog holds anything of, in order. */
  async allSkus(): Promise<string[]> {
    const rows: { sku: string }[] = await this.dataSource.query(
      `SELECT p.sku FROM prices p JOIN price_lists l ON l.id = p.price_list_id WHERE l.status = 'published'
       UNION SELECT sku FROM rule_prices
       UNION SELECT sku FROM sku_settings
       UNION SELECT sku FROM effective_prices WHERE reference_amount IS NOT NULL`,
    );
    return rows.map((row) => row.sku);
  }

  /** The SKUs with a price in these lists. */
  async skusOfLists(lists: readonly string[]): Promise<string[]> {
    const rows: { sku: string }[] = await this.dataSource.query(
      `SELECT DISTINCT sku FROM prices WHERE price_list_id = ANY($1::text[])`,
      [lists],
    );
    return rows.map((row) => row.sku);
  }

  /**
   * Changes of transactions that were not yet visible in `watermark` (the snapshot of the last
   * read), and the next watermark, in one snapshot. Rows of transactions below its xmin had
   * been read before; so had rows visible in it: a reader reloads each change once, even while
   * some other transaction of the cluster keeps the xmin back.
   */
  async changesSince(watermark: string): Promise<CatalogChangeBatch> {
    const [row]: { snapshot: string; changes: [string, string][] }[] = await this.dataSource.query(
      `SELECT pg_current_snapshot()::text AS snapshot,
         (SELECT coalesce(json_agg(json_build_array(kind, key)), '[]')
          FROM (SELECT DISTINCT kind, key FROM catalog_changes
                WHERE xid >= pg_snapshot_xmin($1::pg_snapshot)
                  AND NOT pg_visible_in_snapshot(xid, $1::pg_snapshot)) c) AS changes`,
      [watermark],
    );
    return {
      watermark: row.snapshot,
      skus: row.changes.filter(([kind]) => kind === 'sku').map(([, key]) => key),
      lists: row.changes.filter(([kind]) => kind === 'list').map(([, key]) => key),
      exemptions: row.changes.some(([kind]) => kind === 'exemptions'),
    };
  }

  /** Deletes change rows older than `retentionMs`; readers further behind reload everything. */
  async prune(retentionMs: number): Promise<number> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM catalog_changes WHERE recorded_at < now() - make_interval(secs => $1::float8 / 1000)`,
      [retentionMs],
    );
    return count;
  }

  async exemptions(): Promise<FairnessExemption[]> {
    const rows: {
      id: string;
      baseline_group: string;
      sku: string | null;
      valid_from: Date | null;
      valid_to: Date | null;
    }[] = await this.dataSource.query(
      `SELECT id, baseline_group, sku, valid_from, valid_to FROM fairness_exemptions ORDER BY id COLLATE "C"`,
    );
    return rows.map((row) => ({
      id: row.id,
      baselineGroup: row.baseline_group,
      sku: row.sku,
      validFrom: row.valid_from,
      validTo: row.valid_to,
    }));
  }

  /** Everything selection reads of these SKUs, in one statement (one snapshot). */
  async skus(skus: readonly string[]): Promise<CatalogSkus> {
    const [row]: {
      prices: PackedCandidate[];
      rules: PackedRulePrice[];
      bounds: [string, string, number, number][];
      points: [
        string,
        string,
        string,
        string,
        string,
        number,
        number | null,
        number | null,
        string | null,
      ][];
    }[] = await this.dataSource.query(
      `SELECT
         (SELECT coalesce(json_agg(json_build_array(p.id, p.price_list_id, p.sku, p.currency, p.amount, p.channel,
             p.customer_group, p.country, p.valid_from, p.valid_to, p.quantity_tiers, l.valid_from, l.valid_to) ORDER BY p.id COLLATE "C"), '[]')
          FROM prices p JOIN price_lists l ON l.id = p.price_list_id
          WHERE l.status = 'published' AND p.sku = ANY($1::text[])) AS prices,
         (SELECT coalesce(json_agg(json_build_array(sku, currency, channel, amount, rule_id, decided_at) ORDER BY sku, channel COLLATE "C"), '[]')
          FROM rule_prices WHERE sku = ANY($1::text[])) AS rules,
         (SELECT coalesce(json_agg(json_build_array(sku, currency, floor, ceiling)), '[]')
          FROM sku_settings WHERE sku = ANY($1::text[])) AS bounds,
         (SELECT coalesce(json_agg(json_build_array(e.sku, e.currency, e.channel, e.customer_group, e.country,
             (extract(epoch FROM e.effective_from) * 1000000)::float8, e.amount, e.reference_amount, e.reduction_started_at)
             ORDER BY e.effective_from, e.id), '[]')
          FROM effective_prices e
          WHERE e.sku = ANY($1::text[]) AND EXISTS (
            SELECT 1 FROM effective_prices r
            WHERE r.sku = e.sku AND r.currency = e.currency AND r.channel = e.channel
              AND r.customer_group = e.customer_group AND r.country = e.country AND r.reference_amount IS NOT NULL)) AS points`,
      [skus],
    );
    const candidates = candidatesBySku(row.prices, row.rules);
    const points = new Map<string, Map<string, CatalogPoint[]>>();
    for (const [
      sku,
      currency,
      channel,
      group,
      country,
      micros,
      amount,
      reference,
      startedAt,
    ] of row.points) {
      let scopes = points.get(sku);
      if (scopes === undefined) points.set(sku, (scopes = new Map()));
      const key = pointScope(currency, channel, group, country);
      const point: CatalogPoint = {
        effectiveFromMicros: micros,
        amount,
        referenceAmount: reference,
        reductionStartedAt: date(startedAt),
      };
      const list = scopes.get(key);
      if (list === undefined) scopes.set(key, [point]);
      else list.push(point);
    }
    return {
      candidates,
      bounds: new Map(
        row.bounds.map(([sku, currency, floor, ceiling]) => [sku, { currency, floor, ceiling }]),
      ),
      points,
    };
  }
}
