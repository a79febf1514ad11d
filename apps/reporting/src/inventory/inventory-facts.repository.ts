import { Injectable } from '@nestjs/common';
import { insertRows } from '@omni/database';
import type { EntityManager } from 'typeorm';
import type { SaleLine, SnapshotFact } from './inventory-facts';

const DAY_MS = 86_400_000;

/**
 * The units of order $1 per SKU, with the UTC day it was placed on and its channel, read from the
 * order's stored event; nothing once the order is cancelled.
 */
const ORDER_UNITS = `
  SELECT (o.placed_at AT TIME ZONE 'UTC')::date AS day, o.channel, l ->> 'sku' AS sku,
         sum((l ->> 'quantity')::bigint) AS units
    FROM orders o JOIN events e ON e.event_key = o.event_key
    CROSS JOIN LATERAL jsonb_array_elements(
      CASE WHEN jsonb_typeof(e.properties -> 'lines') = 'array' THEN e.properties -> 'lines' ELSE '[]'::jsonb END) AS l
   WHERE o.order_id = $1 AND o.cancelled_at IS NULL
   GROUP BY 1, 2, 3`;
const dayOf = (at: Date) =>
  new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS).toISOString().slice(0, 10);

/**
 * Writes of stock snapshots and units sold, a batch per statement: each snapshot is stored once
 * and only a newly stored one adds to its day; units come only from orders counted for the
 * first time. A late snapshot or order adds to the day of its own event time.
 */
@Injectable()
export class InventoryFactsRepository {
  async applySnapshots(tx: EntityManager, snapshots: readonly SnapshotFact[]): Promise<void> {
    const unique = new Map(snapshots.map((s) => [s.eventKey, s]));
    if (unique.size === 0) return;
    const rows = [...unique.values()];
    const stored = await insertRows<SnapshotFact, { event_key: string }>(
      tx,
      'inventory_snapshots',
      {
        eventKey: 'text',
        channel: 'text',
        location: 'text',
        sku: 'text',
        occurredAt: 'timestamptz',
        available: 'bigint',
      },
      rows,
      'ON CONFLICT DO NOTHING RETURNING event_key',
    );
    const fresh = new Set(stored.map((row) => row.event_key));
    type Day = {
      day: string;
      channel: string;
      location: string;
      sku: string;
      snapshots: number;
      stockouts: number;
      availableSum: number;
      last: SnapshotFact;
    };
    const days = new Map<string, Day>();
    for (const s of rows) {
      if (!fresh.has(s.eventKey)) continue;
      const day = dayOf(s.occurredAt);
      const id = `${day}|${s.channel}|${s.location}|${s.sku}`;
      const found = days.get(id);
      if (found === undefined) {
        days.set(id, {
          day,
          channel: s.channel,
          location: s.location,
          sku: s.sku,
          snapshots: 1,
          stockouts: s.available === 0 ? 1 : 0,
          availableSum: s.available,
          last: s,
        });
        continue;
      }
      found.snapshots += 1;
      found.stockouts += s.available === 0 ? 1 : 0;
      found.availableSum += s.available;
      if (s.occurredAt > found.last.occurredAt) found.last = s;
    }
    if (days.size === 0) return;
    // Sorted, so that concurrent batches lock day rows in the same order.
    const sorted = [...days.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, d]) => d);
    await insertRows(
      tx,
      'inventory_days',
      {
        day: 'date',
        channel: 'text',
        location: 'text',
        sku: 'text',
        snapshots: 'bigint',
        stockouts: 'bigint',
        availableSum: 'bigint',
        lastAt: 'timestamptz',
        lastAvailable: 'bigint',
      },
      sorted.map(({ last, ...day }) => ({
        ...day,
        lastAt: last.occurredAt,
        lastAvailable: last.available,
      })),
      `ON CONFLICT (day, channel, location, sku) DO UPDATE SET
         snapshots = inventory_days.snapshots + excluded.snapshots,
         stockouts = inventory_days.stockouts + excluded.stockouts,
         available_sum = inventory_days.available_sum + excluded.available_sum,
         last_at = GREATEST(inventory_days.last_at, excluded.last_at),
         last_available = CASE WHEN excluded.last_at > inventory_days.last_at
                               THEN excluded.last_available ELSE inventory_days.last_available END`,
    );
  }

  async addSales(tx: EntityManager, lines: readonly SaleLine[]): Promise<void> {
    const days = new Map<
      string,
      { day: string; channel: string; sku: string; units: number; orders: number; last: Date }
    >();
    for (const line of lines) {
      const day = dayOf(line.at);
      const id = `${day}|${line.channel}|${line.sku}`;
      const found = days.get(id);
      if (found === undefined) {
        days.set(id, {
          day,
          channel: line.channel,
          sku: line.sku,
          units: line.units,
          orders: 1,
          last: line.at,
        });
      } else {
        found.units += line.units;
        found.orders += 1;
        if (line.at > found.last) found.last = line.at;
      }
    }
    if (days.size === 0) return;
    const sorted = [...days.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, d]) => d);
    await insertRows(
      tx,
      'sku_sales_days',
      {
        day: 'date',
        channel: 'text',
        sku: 'text',
        units: 'bigint',
        orders: 'bigint',
        lastSoldAt: 'timestamptz',
      },
      sorted.map(({ last, ...day }) => ({ ...day, lastSoldAt: last })),
      `ON CONFLICT (day, channel, sku) DO UPDATE SET
         units = sku_sales_days.units + excluded.units,
         orders = sku_sales_days.orders + excluded.orders,
         last_sold_at = GREATEST(sku_sales_days.last_sold_at, excluded.last_sold_at)`,
    );
  }

  /**
   * Takes the units of a cancelled order back out of the day it was placed on, the first time
   * it is cancelled (call before the cancellation is recorded on the order): a cancelled order
   * sold nothing. Its lines are read from the order's stored event; units already returned were
   * taken back by their refund.
   */
  async takeBackCancelled(tx: EntityManager, orderId: string): Promise<void> {
    await tx.query(
      `WITH sold AS (${ORDER_UNITS}), units AS (
         SELECT s.day, s.channel, s.sku, s.units - coalesce(r.units, 0) AS units
           FROM sold s LEFT JOIN returned_units r ON r.order_id = $1 AND r.sku = s.sku
       )
       UPDATE sku_sales_days s SET units = s.units - u.units, orders = s.orders - 1
         FROM units u
        WHERE s.day = u.day AND s.channel = u.channel AND s.sku = u.sku`,
      [orderId],
    );
  }

  /**
   * Takes the units a `return-and-refund` refund lists back out of the day its order was placed
   * on (call once per refund, when its order is known): returned units were not sold. A refund
   * returns at most what the order sold less what earlier refunds returned; `refund-only` (仅退款)
   * and a refund of a cancelled order return nothing.
   */
  async takeBackReturned(tx: EntityManager, orderId: string, refundKey: string): Promise<void> {
    await tx.query(
      `WITH sold AS (${ORDER_UNITS}), asked AS (
         SELECT l ->> 'sku' AS sku, sum((l ->> 'quantity')::bigint) AS units
           FROM events r CROSS JOIN LATERAL jsonb_array_elements(
             CASE WHEN jsonb_typeof(r.properties -> 'lines') = 'array' THEN r.properties -> 'lines' ELSE '[]'::jsonb END) AS l
          WHERE r.event_key = $2 AND r.properties ->> 'refundType' = 'return-and-refund'
          GROUP BY 1
       ), taken AS (
         SELECT s.day, s.channel, s.sku, LEAST(a.units, s.units - coalesce(r.units, 0)) AS units
           FROM asked a JOIN sold s ON s.sku = a.sku
           LEFT JOIN returned_units r ON r.order_id = $1 AND r.sku = a.sku
       ), recorded AS (
         INSERT INTO returned_units (order_id, sku, units)
         SELECT $1, sku, units FROM taken WHERE units > 0
         ON CONFLICT (order_id, sku) DO UPDATE SET units = returned_units.units + excluded.units
       )
       UPDATE sku_sales_days s SET units = s.units - t.units
         FROM taken t
        WHERE t.units > 0 AND s.day = t.day AND s.channel = t.channel AND s.sku = t.sku`,
      [orderId, refundKey],
    );
  }
}
