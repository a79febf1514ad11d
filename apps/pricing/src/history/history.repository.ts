import { Injectable } from '@nestjs/common';
import { insertRows } from '@omni/database';
import type { EntityManager } from 'typeorm';
import type { HistoryPoint } from './effective-history';

/** The scope history is kept for: a sales channel always; '' for no customer group or country. */
export type HistoryScope = {
  sku: string;
  currency: string;
  channel: string;
  customerGroup: string;
  country: string;
};

export type HistoryRow = HistoryScope &
  HistoryPoint & { id: string; previousAmount: number | null; source: string; recordedAt: Date };

// NUL never occurs in these names (Postgres text cannot hold it), so the key is unambiguous.
export const scopeKey = (scope: HistoryScope) =>
  `${scope.sku}\u0000${scope.currency}\u0000${scope.channel}\u0000${scope.customerGroup}\u0000${scope.country}`;

type Row = {
  id: string;
  sku: string;
  currency: string;
  channel: string;
  customer_group: string;
  country: string;
  effective_from: Date;
  amount: string | null;
  previous_amount: string | null;
  reference_amount: string | null;
  reduction_started_at: Date | null;
  source: string;
  recorded_at: Date;
};

const money = (value: string | null) => (value === null ? null : Number(value));

const rowOf = (row: Row): HistoryRow => ({
  id: String(row.id),
  sku: row.sku,
  currency: row.currency,
  channel: row.channel,
  customerGroup: row.customer_group,
  country: row.country,
  effectiveFrom: row.effective_from,
  amount: money(row.amount),
  previousAmount: money(row.previous_amount),
  referenceAmount: money(row.reference_amount),
  reductionStartedAt: row.reduction_started_at,
  source: row.source,
  recordedAt: row.recorded_at,
});

const COLUMNS = `id, sku, currency, channel, customer_group, country, effective_from, amount, previous_amount,
  reference_amount, reduction_started_at, source, recorded_at`;

/** The append-only history of effective prices per SKU and scope. */
@Injectable()
export class HistoryRepository {
  /** Every point of these SKUs in written order, grouped by scope. */
  async pointsOf(manager: EntityManager, skus: readonly string[]): Promise<HistoryRow[]> {
    const rows: Row[] = await manager.query(
      `SELECT ${COLUMNS} FROM effective_prices WHERE sku = ANY($1::text[]) ORDER BY id`,
      [skus],
    );
    return rows.map(rowOf);
  }

  async ofScope(manager: EntityManager, scope: HistoryScope, limit: number): Promise<HistoryRow[]> {
    const rows: Row[] = await manager.query(
      `SELECT ${COLUMNS} FROM effective_prices
       WHERE sku = $1 AND currency = $2 AND channel = $3 AND customer_group = $4 AND country = $5
       ORDER BY id LIMIT $6`,
      [scope.sku, scope.currency, scope.channel, scope.customerGroup, scope.country, limit],
    );
    return rows.map(rowOf);
  }

  async append(
    manager: EntityManager,
    rows: readonly (HistoryScope &
      HistoryPoint & { previousAmount: number | null; source: string })[],
  ): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < rows.length; i += 10_000) {
      const inserted = await insertRows<(typeof rows)[number], { id: string }>(
        manager,
        'effective_prices',
        {
          sku: 'text',
          currency: 'text',
          channel: 'text',
          customerGroup: 'text',
          country: 'text',
          effectiveFrom: 'timestamptz',
          amount: 'bigint',
          previousAmount: 'bigint',
          referenceAmount: 'bigint',
          reductionStartedAt: 'timestamptz',
          source: 'text',
        },
        rows.slice(i, i + 10_000),
        'RETURNING id',
      );
      ids.push(...inserted.map((row) => String(row.id)));
    }
    return ids;
  }
}
