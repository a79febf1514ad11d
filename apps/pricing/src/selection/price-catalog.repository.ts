import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { FairnessExemption } from '../fairness/fairness-guard';
import type { PriceCandidate, QuantityTier } from './price-candidate';

type CandidateRow = {
  id: string;
  price_list_id: string;
  sku: string;
  currency: string;
  amount: string;
  channel: string | null;
  customer_group: string | null;
  country: string | null;
  valid_from: Date | null;
  valid_to: Date | null;
  quantity_tiers: QuantityTier[];
  list_valid_from: Date | null;
  list_valid_to: Date | null;
};

export const candidateOf = (row: CandidateRow): PriceCandidate => ({
  id: row.id,
  priceListId: row.price_list_id,
  sku: row.sku,
  currency: row.currency,
  amount: Number(row.amount),
  channel: row.channel,
  customerGroup: row.customer_group,
  country: row.country,
  validFrom: row.valid_from,
  validTo: row.valid_to,
  quantityTiers: row.quantity_tiers,
  listValidFrom: row.list_valid_from,
  listValidTo: row.list_valid_to,
});

export type RulePriceRow = {
  sku: string;
  currency: string;
  channel: string;
  amount: number;
  rule_id: string;
  decided_at: Date;
};

/** A rule's price competes at its channel's level (or unscoped), dated from its decision. */
export const rulePriceCandidate = (row: RulePriceRow): PriceCandidate => ({
  id: `rule-price:${row.sku}:${row.currency}:${row.channel}`,
  priceListId: `rule:${row.rule_id}`,
  sku: row.sku,
  currency: row.currency,
  amount: row.amount,
  channel: row.channel === '' ? null : row.channel,
  customerGroup: null,
  country: null,
  validFrom: row.decided_at,
  validTo: null,
  listValidFrom: null,
  listValidTo: null,
  quantityTiers: [],
});

export type PackedCandidate = [
  string,
  string,
  string,
  string,
  number,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  QuantityTier[],
  string | null,
  string | null,
];

const date = (value: string | null) => (value === null ? null : new Date(value));

export const unpack = (row: PackedCandidate): PriceCandidate => ({
  id: row[0],
  priceListId: row[1],
  sku: row[2],
  currency: row[3],
  amount: row[4],
  channel: row[5],
  customerGroup: row[6],
  country: row[7],
  validFrom: date(row[8]),
  validTo: date(row[9]),
  quantityTiers: row[10],
  listValidFrom: date(row[11]),
  listValidTo: date(row[12]),
});

/** A rule price as the one-statement reads pack it: sku, currency, channel, amount, rule id, decided at. */
export type PackedRulePrice = [string, string, string, number, string, string];

/** Packed list prices and rule prices, grouped by SKU in the order read. */
export function candidatesBySku(
  prices: readonly PackedCandidate[],
  rules: readonly PackedRulePrice[],
): Map<string, PriceCandidate[]> {
  const bySku = new Map<string, PriceCandidate[]>();
  const add = (candidate: PriceCandidate) => {
    const list = bySku.get(candidate.sku);
    if (list === undefined) bySku.set(candidate.sku, [candidate]);
    else list.push(candidate);
  };
  for (const packed of prices) add(unpack(packed));
  for (const [sku, currency, channel, amount, ruleId, decidedAt] of rules)
    add(
      rulePriceCandidate({
        sku,
        currency,
        channel,
        amount,
        rule_id: ruleId,
        decided_at: new Date(decidedAt),
      }),
    );
  return bySku;
}

const CANDIDATE_COLUMNS = `p.id, p.price_list_id, p.sku, p.currency, p.amount, p.channel, p.customer_group, p.country,
  p.valid_from, p.valid_to, p.quantity_tiers, l.valid_from AS list_valid_from, l.valid_to AS list_valid_to`;

/** Prices with their list's window, read in one round trip per request (the hot path of select). */
@Injectable()
export class PriceCatalogRepository {
  /**
   * What selection chooses from: every price of a published list for these SKUs (in
   * `currency`, or all currencies) and the prices their rules currently set.
   */
  async published(
    manager: EntityManager,
    skus: readonly string[],
    currency?: string,
  ): Promise<PriceCandidate[]> {
    const [listed, rules] = await Promise.all([
      this.listed(manager, skus, currency),
      manager.query(
        `SELECT sku, currency, channel, amount::float8 AS amount, rule_id, decided_at FROM rule_prices
         WHERE sku = ANY($1::text[]) AND ($2::text IS NULL OR currency = $2)`,
        [skus, currency ?? null],
      ) as Promise<RulePriceRow[]>,
    ]);
    return [...listed, ...rules.map(rulePriceCandidate)];
  }

  /**
   * Every price of a published list for these SKUs (in `currency`, or all currencies). Read as
   * one JSON array: parsing one value costs a fraction of parsing hundreds of typed rows.
   */
  async listed(
    manager: EntityManager,
    skus: readonly string[],
    currency?: string,
  ): Promise<PriceCandidate[]> {
    const [{ prices }]: { prices: PackedCandidate[] }[] = await manager.query(
      `SELECT coalesce(json_agg(json_build_array(p.id, p.price_list_id, p.sku, p.currency, p.amount, p.channel,
           p.customer_group, p.country, p.valid_from, p.valid_to, p.quantity_tiers, l.valid_from, l.valid_to)), '[]') AS prices
       FROM prices p JOIN price_lists l ON l.id = p.price_list_id
       WHERE l.status = 'published' AND p.sku = ANY($1::text[]) AND ($2::text IS NULL OR p.currency = $2)`,
      [skus, currency ?? null],
    );
    return prices.map(unpack);
  }

  /** Every price of one list, whatever its status. */
  async ofList(manager: EntityManager, priceListId: string): Promise<PriceCandidate[]> {
    const rows: CandidateRow[] = await manager.query(
      `SELECT ${CANDIDATE_COLUMNS}
       FROM prices p JOIN price_lists l ON l.id = p.price_list_id
       WHERE p.price_list_id = $1`,
      [priceListId],
    );
    return rows.map(candidateOf);
  }

  async exemptions(manager: EntityManager): Promise<FairnessExemption[]> {
    const rows: {
      id: string;
      baseline_group: string;
      sku: string | null;
      valid_from: Date | null;
      valid_to: Date | null;
    }[] = await manager.query(
      `SELECT id, baseline_group, sku, valid_from, valid_to FROM fairness_exemptions`,
    );
    return rows.map((row) => ({
      id: row.id,
      baselineGroup: row.baseline_group,
      sku: row.sku,
      validFrom: row.valid_from,
      validTo: row.valid_to,
    }));
  }
}
