import { HEADERS, parseDownstreamEvent, type DownstreamEventEnvelope } from '@omni/contracts';
import { decodeJson, type RawMessage } from '@omni/messaging';
import type { CompetitorObservation, DemandCount, StockObservation } from './signals.repository';

/** The event types rules run on; every other event of the topic is skipped unread. */
export const FEED_TYPES = new Set([
  'inventory.snapshot',
  'competitor.price-observed',
  'product.viewed',
  'cart.item-added',
  'order.placed',
]);

export type FeedEvent =
  { relevant: true; event: DownstreamEventEnvelope } | { relevant: false; eventId: string };

/** Validates the events rules read (a bad one is dead-lettered); others only need their id. */
export function decodeFeedEvent(raw: RawMessage): FeedEvent & { eventId: string } {
  const json = decodeJson(raw) as { type?: unknown; eventId?: unknown };
  const type = raw.headers[HEADERS.eventType] ?? json.type;
  if (typeof type === 'string' && FEED_TYPES.has(type)) {
    const event = parseDownstreamEvent(json);
    return { relevant: true, event, eventId: event.eventId };
  }
  return { relevant: false, eventId: String(json.eventId) };
}

const HOUR_MS = 60 * 60 * 1000;

export type FeedSignals = {
  stock: StockObservation[];
  competitors: CompetitorObservation[];
  demand: DemandCount[];
};

/** The signals a batch of feed events carries. */
export function signalsOf(events: readonly DownstreamEventEnvelope[]): FeedSignals {
  const signals: FeedSignals = { stock: [], competitors: [], demand: [] };
  for (const event of events) {
    const payload = event.payload as Record<string, unknown>;
    const hour = new Date(Math.floor(Date.parse(event.occurredAt) / HOUR_MS) * HOUR_MS);
    const count = (sku: string, views: number, carts: number, orders: number) =>
      signals.demand.push({ sku, hour, views, carts, orders });
    switch (event.type) {
      case 'inventory.snapshot': {
        const p = payload as {
          sku: string;
          storeId?: string;
          warehouseId?: string;
          onHand: number;
          reserved?: number;
          inTransit?: number;
        };
        signals.stock.push({
          sku: p.sku,
          location: p.storeId !== undefined ? `store:${p.storeId}` : `warehouse:${p.warehouseId}`,
          onHand: p.onHand,
          reserved: p.reserved ?? 0,
          inTransit: p.inTransit ?? 0,
          observedAt: new Date(event.occurredAt),
        });
        break;
      }
      case 'competitor.price-observed': {
        const p = payload as {
          sku: string;
          competitor: string;
          price: { amount: number; currency: string };
          observedAt: string;
        };
        signals.competitors.push({
          sku: p.sku,
          competitor: p.competitor,
          amount: p.price.amount,
          currency: p.price.currency,
          observedAt: new Date(p.observedAt),
        });
        break;
      }
      case 'product.viewed':
        count((payload as { sku: string }).sku, 1, 0, 0);
        break;
      case 'cart.item-added':
        count((payload as { sku: string }).sku, 0, 1, 0);
        break;
      case 'order.placed':
        for (const line of (payload as { lines: { sku: string; quantity: number }[] }).lines)
          count(line.sku, 0, 0, line.quantity);
        break;
    }
  }
  return signals;
}
