import { Injectable } from '@nestjs/common';
import { insertRows } from '@omni/database';
import type { EntityManager } from 'typeorm';

export type ConsistencyAlert = {
  id: string;
  sku: string;
  currency: string;
  firstChannel: string;
  secondChannel: string;
  firstAmount: number;
  secondAmount: number;
  differenceBasisPoints: number;
  toleranceBasisPoints: number;
  openedAt: Date;
  resolvedAt: Date | null;
};

type Row = {
  id: string;
  sku: string;
  currency: string;
  first_channel: string;
  second_channel: string;
  first_amount: string;
  second_amount: string;
  difference_bp: number;
  tolerance_bp: number;
  opened_at: Date;
  resolved_at: Date | null;
};

const alertOf = (row: Row): ConsistencyAlert => ({
  id: row.id,
  sku: row.sku,
  currency: row.currency,
  firstChannel: row.first_channel,
  secondChannel: row.second_channel,
  firstAmount: Number(row.first_amount),
  secondAmount: Number(row.second_amount),
  differenceBasisPoints: row.difference_bp,
  toleranceBasisPoints: row.tolerance_bp,
  openedAt: row.opened_at,
  resolvedAt: row.resolved_at,
});

/** Alerts, and the anonymous effective price per channel they compare. */
@Injectable()
export class ConsistencyRepository {
  /** The effective price at `at` of an anonymous buyer per SKU, currency and channel. */
  async anonymousPricesAt(
    manager: EntityManager,
    skus: readonly string[],
    at: Date,
  ): Promise<{ sku: string; currency: string; channel: string; amount: number | null }[]> {
    const rows: { sku: string; currency: string; channel: string; amount: string | null }[] =
      await manager.query(
        `SELECT DISTINCT ON (sku, currency, channel) sku, currency, channel, amount
         FROM effective_prices
         WHERE sku = ANY($1::text[]) AND customer_group = '' AND country = '' AND effective_from <= $2
         ORDER BY sku, currency, channel, effective_from DESC, id DESC`,
        [skus, at.toISOString()],
      );
    return rows.map((row) => ({ ...row, amount: row.amount === null ? null : Number(row.amount) }));
  }

  async open(manager: EntityManager, skus: readonly string[]): Promise<ConsistencyAlert[]> {
    const rows: Row[] = await manager.query(
      `SELECT * FROM consistency_alerts WHERE sku = ANY($1::text[]) AND resolved_at IS NULL`,
      [skus],
    );
    return rows.map(alertOf);
  }

  async insert(manager: EntityManager, alerts: readonly ConsistencyAlert[]): Promise<void> {
    if (alerts.length === 0) return;
    await insertRows(
      manager,
      'consistency_alerts',
      {
        id: 'text',
        sku: 'text',
        currency: 'text',
        firstChannel: 'text',
        secondChannel: 'text',
        firstAmount: 'bigint',
        secondAmount: 'bigint',
        differenceBp: 'int',
        toleranceBp: 'int',
        openedAt: 'timestamptz',
      },
      alerts.map(({ differenceBasisPoints, toleranceBasisPoints, ...alert }) => ({
        ...alert,
        differenceBp: differenceBasisPoints,
        toleranceBp: toleranceBasisPoints,
      })),
    );
  }

  async resolve(manager: EntityManager, ids: readonly string[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await manager.query(
      `UPDATE consistency_alerts SET resolved_at = $2 WHERE id = ANY($1::text[])`,
      [ids, at.toISOString()],
    );
  }

  async find(
    manager: EntityManager,
    query: { sku?: string; status: 'open' | 'resolved' | 'all'; limit: number },
  ): Promise<ConsistencyAlert[]> {
    const rows: Row[] = await manager.query(
      `SELECT * FROM consistency_alerts
       WHERE ($1::text IS NULL OR sku = $1)
         AND ($2 = 'all' OR ($2 = 'open') = (resolved_at IS NULL))
       ORDER BY opened_at DESC, id DESC LIMIT $3`,
      [query.sku ?? null, query.status, query.limit],
    );
    return rows.map(alertOf);
  }
}
