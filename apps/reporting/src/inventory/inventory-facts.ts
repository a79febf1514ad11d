import { eventDedupeKey, type DownstreamEventEnvelope } from '@omni/contracts';

/** One stock snapshot of a SKU at one store or warehouse of a channel. */
export type SnapshotFact = {
  eventKey: string;
  channel: string;
  /** `store:<id>` or `warehouse:<id>`. */
  location: string;
  sku: string;
  occurredAt: Date;
  /** On hand less reserved, never below zero: what can still be sold. */
  available: number;
};

/** Units of one SKU on one new order. */
export type SaleLine = { channel: string; sku: string; units: number; at: Date };

export function snapshotOf(event: DownstreamEventEnvelope): SnapshotFact | undefined {
  if (event.type !== 'inventory.snapshot') return undefined;
  const { sku, storeId, warehouseId, onHand, reserved } = event.payload;
  return {
    eventKey: eventDedupeKey(event),
    channel: event.channel ?? 'unknown',
    location: storeId === undefined ? `warehouse:${warehouseId}` : `store:${storeId}`,
    sku,
    occurredAt: new Date(event.occurredAt),
    available: Math.max(0, onHand - (reserved ?? 0)),
  };
}

/** The units per SKU of an order's lines (a SKU on two lines counts as one sale of both). */
export function saleLinesOf(order: {
  channel: string;
  occurredAt: Date;
  properties: Record<string, unknown>;
}): SaleLine[] {
  const lines = order.properties['lines'];
  if (!Array.isArray(lines)) return [];
  const units = new Map<string, number>();
  for (const line of lines as { sku?: unknown; quantity?: unknown }[]) {
    if (typeof line.sku !== 'string' || !Number.isInteger(line.quantity)) continue;
    units.set(line.sku, (units.get(line.sku) ?? 0) + (line.quantity as number));
  }
  return [...units].map(([sku, n]) => ({
    channel: order.channel,
    sku,
    units: n,
    at: order.occurredAt,
  }));
}
