import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { HEADERS } from '@omni/contracts';
import { Outbox } from '@omni/messaging';
import { SERVICE_CONFIG } from '@omni/platform';
import type { EntityManager } from 'typeorm';
import type { PricingConfig } from '../config/pricing-config';
import { breaches, differenceBasisPoints } from './consistency';
import { ConsistencyRepository, type ConsistencyAlert } from './consistency.repository';

const pairKey = (sku: string, currency: string, first: string, second: string) =>
  JSON.stringify([sku, currency, first, second]);

/**
 * After the effective prices of some SKUs changed: for every configured channel pair, a breach
 * of the tolerance opens one alert (published as price.consistency-breached) that stays open,
 * without repeating, until the prices are back within it.
 */
@Injectable()
export class ConsistencyService {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: PricingConfig,
    private readonly alerts: ConsistencyRepository,
    private readonly outbox: Outbox,
  ) {}

  async check(tx: EntityManager, skus: readonly string[], now: Date, correlationId: string) {
    if (skus.length === 0 || this.config.consistency.pairs.length === 0) return;
    const tolerance = this.config.consistency.toleranceBasisPoints;
    const prices = new Map<string, number>();
    const currencies = new Map<string, Set<string>>();
    for (const row of await this.alerts.anonymousPricesAt(tx, skus, now)) {
      if (row.amount === null) continue;
      prices.set(`${row.sku}\u0000${row.currency}\u0000${row.channel}`, row.amount);
      currencies.set(row.sku, (currencies.get(row.sku) ?? new Set()).add(row.currency));
    }
    const open = new Map(
      (await this.alerts.open(tx, skus)).map((alert) => [
        pairKey(alert.sku, alert.currency, alert.firstChannel, alert.secondChannel),
        alert,
      ]),
    );
    const opened: ConsistencyAlert[] = [];
    const resolved: string[] = [];
    for (const sku of skus)
      for (const currency of currencies.get(sku) ?? [])
        for (const { first, second } of this.config.consistency.pairs) {
          const a = prices.get(`${sku}\u0000${currency}\u0000${first}`);
          const b = prices.get(`${sku}\u0000${currency}\u0000${second}`);
          const existing = open.get(pairKey(sku, currency, first, second));
          const breached = a !== undefined && b !== undefined && breaches(a, b, tolerance);
          if (breached && existing === undefined)
            opened.push({
              id: `cons_${randomUUID()}`,
              sku,
              currency,
              firstChannel: first,
              secondChannel: second,
              firstAmount: a,
              secondAmount: b,
              differenceBasisPoints: differenceBasisPoints(a, b),
              toleranceBasisPoints: tolerance,
              openedAt: now,
              resolvedAt: null,
            });
          else if (!breached && existing !== undefined) resolved.push(existing.id);
        }
    await this.alerts.insert(tx, opened);
    await this.alerts.resolve(tx, resolved, now);
    await this.outbox.enqueueMany(
      tx,
      opened.map((alert) => ({
        topic: this.config.topics.priceChanges,
        key: alert.sku,
        headers: {
          [HEADERS.eventType]: 'price.consistency-breached',
          [HEADERS.eventVersion]: '1',
        },
        value: breachedEvent(alert, correlationId),
      })),
    );
  }
}

export function breachedEvent(alert: ConsistencyAlert, correlationId: string) {
  const money = (amount: number) => ({ amount, currency: alert.currency });
  const direction = alert.firstAmount < alert.secondAmount ? 'below' : 'above';
  const percent = (alert.differenceBasisPoints / 100).toFixed(2);
  return {
    eventId: `price-consistency-${alert.id}`,
    type: 'price.consistency-breached',
    version: 1,
    occurredAt: alert.openedAt.toISOString(),
    channel: alert.firstChannel,
    identifiers: {},
    correlationId,
    causationId: correlationId,
    payload: {
      alertId: alert.id,
      sku: alert.sku,
      currency: alert.currency,
      channels: [alert.firstChannel, alert.secondChannel],
      firstPrice: money(alert.firstAmount),
      secondPrice: money(alert.secondAmount),
      differenceBasisPoints: Math.min(alert.differenceBasisPoints, 2_147_483_647),
      toleranceBasisPoints: alert.toleranceBasisPoints,
      detectedAt: alert.openedAt.toISOString(),
      reason: `${alert.firstChannel} is ${percent}% ${direction} ${alert.secondChannel} (tolerance ${alert.toleranceBasisPoints / 100}%)`,
    },
  };
}
