import { Injectable } from '@nestjs/common';
import { insertRows } from '@omni/database';
import type { EntityManager } from 'typeorm';
import type { SkuSignals } from './pricing-rule';

export type StockObservation = {
  sku: string;
  location: string;
  onHand: number;
  reserved: number;
  inTransit: number;
  observedAt: Date;
};

export type CompetitorObservation = {
  sku: string;
  competitor: string;
  amount: number;
  currency: string;
  observedAt: Date;
};

export type DemandCount = { sku: string; hour: Date; views: number; carts: number; orders: number };

const HOUR_MS = 60 * 60 * 1000;

/** The latest of each key, so one statement never touches a row twice. */
function latestBy<T extends { observedAt: Date }>(
  items: readonly T[],
  key: (item: T) => string,
): T[] {
  const latest = new Map<string, T>();
  for (const item of items) {
    const seen = latest.get(key(item));
    if (seen === undefined || item.observedAt > seen.observedAt) latest.set(key(item), item);
  }
  return [...latest.values()];
}

/**
 * The signals rules read, kept from the feeds: stock per location and competitor prices as
 * their latest observation (an older or repeated one changes nothing), demand per SKU and hour.
 */
@Injectable()
export class SignalsRepository {
  /** Returns the SKUs whose stock changed. */
  async applyStock(
    tx: EntityManager,
    observations: readonly StockObservation[],
  ): Promise<string[]> {
    if (observations.length === 0) return [];
    const rows = latestBy(observations, (o) => `${o.sku}\u0000${o.location}`);
    const changed = await insertRows<StockObservation, { sku: string }>(
      tx,
      'stock_levels AS s',
      {
        sku: 'text',
        location: 'text',
        onHand: 'bigint',
        reserved: 'bigint',
        inTransit: 'bigint',
        observedAt: 'timestamptz',
      },
      rows,
      `ON CONFLICT (sku, location) DO UPDATE SET on_hand = EXCLUDED.on_hand, reserved = EXCLUDED.reserved,
         in_transit = EXCLUDED.in_transit, observed_at = EXCLUDED.observed_at
       WHERE s.observed_at < EXCLUDED.observed_at
         AND (s.on_hand, s.reserved, s.in_transit) IS DISTINCT FROM (EXCLUDED.on_hand, EXCLUDED.reserved, EXCLUDED.in_transit)
       RETURNING sku`,
    );
    return [...new Set(changed.map((row) => row.sku))];
  }

  /** Returns the SKUs with a new competitor observation. */
  async applyCompetitors(
    tx: EntityManager,
    observations: readonly CompetitorObservation[],
  ): Promise<string[]> {
    if (observations.length === 0) return [];
    const rows = latestBy(observations, (o) => `${o.sku}\u0000${o.competitor}`);
    const changed = await insertRows<CompetitorObservation, { sku: string }>(
      tx,
      'competitor_prices AS c',
      {
        sku: 'text',
        competitor: 'text',
        amount: 'bigint',
        currency: 'text',
        observedAt: 'timestamptz',
      },
      rows,
      `ON CONFLICT (sku, competitor) DO UPDATE SET amount = EXCLUDED.amount, currency = EXCLUDED.currency,
         observed_at = EXCLUDED.observed_at
       WHERE c.observed_at < EXCLUDED.observed_at
       RETURNING sku`,
    );
    return [...new Set(changed.map((row) => row.sku))];
  }

  async addDemand(tx: EntityManager, counts: readonly DemandCount[]): Promise<void> {
    if (counts.length === 0) return;
    const summed = new Map<string, DemandCount>();
    for (const count of counts) {
      const key = `${count.sku}\u0000${count.hour.getTime()}`;
      const seen = summed.get(key);
      if (seen === undefined) summed.set(key, { ...count });
      else {
        seen.views += count.views;
        seen.carts += count.carts;
        seen.orders += count.orders;
      }
    }
    await insertRows(
      tx,
      'demand_hours AS d',
      { sku: 'text', hour: 'timestamptz', views: 'int', carts: 'int', orders: 'int' },
      [...summed.values()],
      `ON CONFLICT (sku, hour) DO UPDATE SET views = d.views + EXCLUDED.views,
         carts = d.carts + EXCLUDED.carts, orders = d.orders + EXCLUDED.orders`,
    );
  }

  /** Stock, competitors and demand of these SKUs as rules see them at `at`. */
  async signalsOf(
    manager: EntityManager,
    skus: readonly string[],
    at: Date,
    baselineDays: number,
  ): Promise<Map<string, SkuSignals>> {
    const hour = new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);
    const since = new Date(hour.getTime() - baselineDays * 24 * HOUR_MS);
    // One after another: the manager may be a transaction's, which is one connection. Stock
    // sums are bigint: float8 reads them as numbers, exact up to the contract's safe integers.
    const stock = (await manager.query(
      `SELECT sku, sum(on_hand)::float8 AS on_hand, sum(reserved)::float8 AS reserved, sum(in_transit)::float8 AS in_transit,
           count(*)::int AS locations
         FROM stock_levels WHERE sku = ANY($1::text[]) GROUP BY sku`,
      [skus],
    )) as {
      sku: string;
      on_hand: number;
      reserved: number;
      in_transit: number;
      locations: number;
    }[];
    const competitors = (await manager.query(
      `SELECT sku, competitor, amount::float8 AS amount, currency, observed_at FROM competitor_prices WHERE sku = ANY($1::text[])`,
      [skus],
    )) as {
      sku: string;
      competitor: string;
      amount: number;
      currency: string;
      observed_at: Date;
    }[];
    const demand = (await manager.query(
      `SELECT sku,
           coalesce(sum(views) FILTER (WHERE hour = $2), 0)::int AS views_now,
           coalesce(sum(carts) FILTER (WHERE hour = $2), 0)::int AS carts_now,
           coalesce(sum(orders) FILTER (WHERE hour = $2), 0)::int AS orders_now,
           coalesce(sum(views) FILTER (WHERE hour < $2), 0)::int AS views_before,
           coalesce(sum(carts) FILTER (WHERE hour < $2), 0)::int AS carts_before,
           coalesce(sum(orders) FILTER (WHERE hour < $2), 0)::int AS orders_before
         FROM demand_hours WHERE sku = ANY($1::text[]) AND hour >= $3 AND hour <= $2 GROUP BY sku`,
      [skus, hour.toISOString(), since.toISOString()],
    )) as {
      sku: string;
      views_now: number;
      carts_now: number;
      orders_now: number;
      views_before: number;
      carts_before: number;
      orders_before: number;
    }[];
    const signals = new Map<string, SkuSignals>();
    const of = (sku: string) => {
      let entry = signals.get(sku);
      if (entry === undefined) signals.set(sku, (entry = { competitors: [] }));
      return entry;
    };
    for (const sku of skus) of(sku);
    for (const row of stock)
      of(row.sku).stock = {
        available: Math.max(0, row.on_hand - row.reserved),
        onHand: row.on_hand,
        reserved: row.reserved,
        inTransit: row.in_transit,
        locations: row.locations,
      };
    for (const row of competitors)
      of(row.sku).competitors.push({
        competitor: row.competitor,
        amount: row.amount,
        currency: row.currency,
        observedAt: row.observed_at,
      });
    const hours = baselineDays * 24;
    for (const row of demand) {
      const entry = of(row.sku);
      entry.demand = {
        current: { views: row.views_now, carts: row.carts_now, orders: row.orders_now },
        baseline: {
          views: row.views_before / hours,
          carts: row.carts_before / hours,
          orders: row.orders_before / hours,
        },
      };
      entry.dailySales = row.orders_before / baselineDays;
    }
    return signals;
  }
}
