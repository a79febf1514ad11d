import { Inject, Injectable } from '@nestjs/common';
import { Outbox } from '@omni/messaging';
import { SERVICE_CONFIG } from '@omni/platform';
import type { EntityManager } from 'typeorm';
import type { PricingConfig } from '../config/pricing-config';
import { ConsistencyService } from '../consistency/consistency.service';
import {
  guardedSelect,
  type FairnessExemption,
  type FairnessPolicy,
} from '../fairness/fairness-guard';
import {
  priceChangedMessage,
  priceWithdrawnMessage,
  type PriceChangeCause,
} from '../price-events/price-changed';
import { effectiveWindow, type PriceCandidate } from '../selection/price-candidate';
import { PriceCatalogRepository } from '../selection/price-catalog.repository';
import { planHistory } from './effective-history';
import {
  HistoryRepository,
  scopeKey,
  type HistoryRow,
  type HistoryScope,
} from './history.repository';

const distinct = (values: Iterable<string>) => [...new Set(values)];

/**
 * Keeps the effective-price history true after a change to the published prices of some SKUs:
 * for every scope (sales channel × customer group × country the prices name) and every instant
 * from now on where a window opens or closes, the price a buyer of that scope gets (fairness
 * guard included); changed points are appended with their reference price, and each new price
 * is published as price.changed, in the caller's transaction.
 */
@Injectable()
export class EffectivePricesService {
  private readonly policy: FairnessPolicy;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: PricingConfig,
    private readonly catalog: PriceCatalogRepository,
    private readonly history: HistoryRepository,
    private readonly outbox: Outbox,
    private readonly consistency: ConsistencyService,
  ) {
    this.policy = { memberGroups: config.groups.member, baselineGroups: config.groups.baseline };
  }

  async refresh(
    tx: EntityManager,
    skus: readonly string[],
    now: Date,
    cause: PriceChangeCause,
    causeOfSku?: ReadonlyMap<string, PriceChangeCause>,
    /** The published candidates of `skus` and the exemptions, when the caller has them already. */
    known?: { candidates: readonly PriceCandidate[]; exemptions: readonly FairnessExemption[] },
  ): Promise<number> {
    if (skus.length === 0) return 0;
    // One after another: a transaction is one connection.
    const candidates = known?.candidates ?? (await this.catalog.published(tx, skus));
    const exemptions = known?.exemptions ?? (await this.catalog.exemptions(tx));
    const written = await this.history.pointsOf(tx, skus);
    const bySku = new Map<string, { candidates: PriceCandidate[]; written: HistoryRow[] }>();
    const entry = (sku: string, currency: string) => {
      const key = `${sku}\u0000${currency}`;
      let found = bySku.get(key);
      if (found === undefined) bySku.set(key, (found = { candidates: [], written: [] }));
      return found;
    };
    for (const price of candidates) entry(price.sku, price.currency).candidates.push(price);
    for (const row of written) entry(row.sku, row.currency).written.push(row);

    const appended: (HistoryScope & Omit<HistoryRow, 'id' | 'recordedAt' | keyof HistoryScope>)[] =
      [];
    const listOf: string[] = [];
    for (const [key, { candidates: prices, written: rows }] of bySku) {
      const [sku, currency] = key.split('\u0000');
      const channels = distinct([
        ...this.config.channels.sales,
        ...prices.flatMap((p) => (p.channel === null ? [] : [p.channel])),
        ...rows.map((r) => r.channel),
      ]);
      const groups = distinct([
        '',
        ...prices.map((p) => p.customerGroup ?? ''),
        ...rows.map((r) => r.customerGroup),
      ]);
      const countries = distinct([
        '',
        ...prices.map((p) => p.country ?? ''),
        ...rows.map((r) => r.country),
      ]);
      const instants = new Set<number>([now.getTime()]);
      for (const price of prices) {
        const window = effectiveWindow(price);
        for (const bound of [window.from, window.to])
          if (bound !== null && bound > now) instants.add(bound.getTime());
      }
      for (const row of rows)
        if (row.effectiveFrom > now) instants.add(row.effectiveFrom.getTime());
      const moments = [...instants].sort((a, b) => a - b).map((t) => new Date(t));
      const writtenByScope = new Map<string, HistoryRow[]>();
      for (const row of rows) {
        const scope = scopeKey(row);
        const list = writtenByScope.get(scope);
        if (list === undefined) writtenByScope.set(scope, [row]);
        else list.push(row);
      }
      for (const channel of channels)
        for (const customerGroup of groups)
          for (const country of countries) {
            const scope = { sku, currency, channel, customerGroup, country };
            const desired = moments.map((at) => {
              const { selected } = guardedSelect(
                prices,
                {
                  channel,
                  customerGroups: customerGroup === '' ? [] : [customerGroup],
                  country: country === '' ? undefined : country,
                  at,
                  quantity: 1,
                },
                this.policy,
                exemptions,
                sku,
                { explain: false },
              );
              return { at, amount: selected?.amount ?? null, priceListId: selected?.priceListId };
            });
            const planned = planHistory(
              writtenByScope.get(scopeKey(scope)) ?? [],
              desired,
              this.config.reference.windowDays,
            );
            for (const point of planned) {
              appended.push({
                ...scope,
                ...point,
                source: (causeOfSku?.get(sku) ?? cause).correlationId,
              });
              listOf.push(point.cause.priceListId ?? '');
            }
          }
    }
    const ids = await this.history.append(tx, appended);
    const messages = appended.flatMap((row, i) => {
      const why = causeOfSku?.get(row.sku) ?? cause;
      // A rule's price is no list's; price.changed names its rule instead.
      const listId = listOf[i].startsWith('rule:') ? undefined : listOf[i] || undefined;
      if (row.amount === null)
        return row.previousAmount === null
          ? []
          : [
              priceWithdrawnMessage(
                this.config.topics.priceChanges,
                { ...row, id: ids[i], recordedAt: now, previousAmount: row.previousAmount },
                // The list whose publication or archive withdrew it, if one did.
                why,
                now,
              ),
            ];
      return [
        priceChangedMessage(
          this.config.topics.priceChanges,
          { ...row, id: ids[i], recordedAt: now, amount: row.amount },
          { ...why, priceListId: listId },
          now,
        ),
      ];
    });
    for (let i = 0; i < messages.length; i += 5_000)
      await this.outbox.enqueueMany(tx, messages.slice(i, i + 5_000));
    await this.consistency.check(tx, skus, now, cause.correlationId);
    return appended.length;
  }
}
