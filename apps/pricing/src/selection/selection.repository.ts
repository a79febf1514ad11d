import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { FairnessExemption } from '../fairness/fairness-guard';
import { scopeKey } from '../history/history.repository';
import type { PriceCandidate } from './price-candidate';
import type { CompactSelector } from './compact-prices';
import {
  candidatesBySku,
  type PackedCandidate,
  type PackedRulePrice,
} from './price-catalog.repository';

/**
 * What one select reads. `pricesOf` and `bounds` hold one item per SKU of the read, in its
 * order (arrays, not maps keyed by SKU: select is the checkout's hot path, and a map grown per
 * request is garbage the service thread then collects).
 */
export type SelectionReads = {
  /**
   * The SKU's prices in the requested currency: the candidates (in a stable order: see the
   * reads), or the in-memory catalog's selector over its compact form; undefined: none.
   */
  pricesOf: readonly (readonly PriceCandidate[] | CompactSelector | undefined)[];
  exemptions: FairnessExemption[];
  /** The SKU's floor and ceiling in the requested currency; undefined: no settings in it. */
  bounds: readonly ({ floor: number; ceiling: number } | undefined)[];
  /** The history point in effect per scope key (see scopeKey). */
  points: Map<
    string,
    { amount: number | null; referenceAmount: number | null; reductionStartedAt: Date | null }
  >;
};

const date = (value: string | null) => (value === null ? null : new Date(value));

/**
 * Everything one select needs in one statement on one connection, each part as one JSON value:
 * the published and rule prices of the SKUs, the exemption policies, the SKUs' floors and
 * ceilings, and the history points of the channel for the buyer's groups and country. One round
 * trip and one pooled connection per request is what lets select scale with concurrency.
 */
@Injectable()
export class SelectionRepository {
  async read(
    manager: EntityManager,
    query: {
      skus: readonly string[];
      currency: string;
      channel: string;
      groups: readonly string[];
      countries: readonly string[];
      at: Date;
    },
  ): Promise<SelectionReads> {
    const [row]: {
      prices: PackedCandidate[];
      rules: PackedRulePrice[];
      exemptions: [string, string, string | null, string | null, string | null][];
      bounds: [string, number, number][];
      points: [string, string, string, number | null, number | null, string | null][];
    }[] = await manager.query(
      `SELECT
         (SELECT coalesce(json_agg(json_build_array(p.id, p.price_list_id, p.sku, p.currency, p.amount, p.channel,
             p.customer_group, p.country, p.valid_from, p.valid_to, p.quantity_tiers, l.valid_from, l.valid_to) ORDER BY p.id COLLATE "C"), '[]')
          FROM prices p JOIN price_lists l ON l.id = p.price_list_id
          WHERE l.status = 'published' AND p.sku = ANY($1::text[]) AND p.currency = $2) AS prices,
         (SELECT coalesce(json_agg(json_build_array(sku, currency, channel, amount, rule_id, decided_at) ORDER BY sku, channel COLLATE "C"), '[]')
          FROM rule_prices WHERE sku = ANY($1::text[]) AND currency = $2) AS rules,
         (SELECT coalesce(json_agg(json_build_array(id, baseline_group, sku, valid_from, valid_to) ORDER BY id COLLATE "C"), '[]')
          FROM fairness_exemptions) AS exemptions,
         (SELECT coalesce(json_agg(json_build_array(sku, floor, ceiling)), '[]')
          FROM sku_settings WHERE sku = ANY($1::text[]) AND currency = $2) AS bounds,
         (SELECT coalesce(json_agg(json_build_array(sku, customer_group, country, amount, reference_amount, reduction_started_at)), '[]')
          FROM (SELECT DISTINCT ON (sku, customer_group, country) sku, customer_group, country, amount, reference_amount, reduction_started_at
                FROM effective_prices
                WHERE sku = ANY($1::text[]) AND currency = $2 AND channel = $3
                  AND customer_group = ANY($4::text[]) AND country = ANY($5::text[]) AND effective_from <= $6
                ORDER BY sku, customer_group, country, effective_from DESC, id DESC) h) AS points`,
      [
        query.skus,
        query.currency,
        query.channel,
        query.groups,
        query.countries,
        query.at.toISOString(),
      ],
    );
    const candidates = candidatesBySku(row.prices, row.rules);
    const bounds = new Map(row.bounds.map(([sku, floor, ceiling]) => [sku, { floor, ceiling }]));
    return {
      pricesOf: query.skus.map((sku) => candidates.get(sku)),
      exemptions: row.exemptions.map(([id, baselineGroup, sku, validFrom, validTo]) => ({
        id,
        baselineGroup,
        sku,
        validFrom: date(validFrom),
        validTo: date(validTo),
      })),
      bounds: query.skus.map((sku) => bounds.get(sku)),
      points: new Map(
        row.points.map(
          ([sku, customerGroup, country, amount, referenceAmount, reductionStartedAt]) => [
            scopeKey({
              sku,
              currency: query.currency,
              channel: query.channel,
              customerGroup,
              country,
            }),
            { amount, referenceAmount, reductionStartedAt: date(reductionStartedAt) },
          ],
        ),
      ),
    };
  }
}
