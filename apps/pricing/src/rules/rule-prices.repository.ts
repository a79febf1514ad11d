import { Injectable } from '@nestjs/common';
import { insertRows } from '@omni/database';
import type { EntityManager } from 'typeorm';
import type { RulePriceRow } from '../selection/price-catalog.repository';
import type { CurrentRulePrice } from './rule-engine';

export type RulePriceKey = { sku: string; currency: string; channel: string };

/** The price each SKU's rules currently set, per currency and channel ('' for every channel). */
@Injectable()
export class RulePricesRepository {
  /** The rule prices of these SKUs as rows, for selection candidates and for `byKey`. */
  async rowsOf(manager: EntityManager, skus: readonly string[]): Promise<RulePriceRow[]> {
    return manager.query(
      `SELECT sku, currency, channel, amount::float8 AS amount, rule_id, decided_at FROM rule_prices WHERE sku = ANY($1::text[])`,
      [skus],
    );
  }

  async set(
    tx: EntityManager,
    rows: readonly (RulePriceKey & {
      amount: number;
      proposed: number;
      clamped: string | null;
      ruleId: string;
    })[],
    decidedAt: Date,
  ): Promise<void> {
    const decided = decidedAt.toISOString();
    await insertRows(
      tx,
      'rule_prices',
      {
        sku: 'text',
        currency: 'text',
        channel: 'text',
        amount: 'bigint',
        proposed: 'bigint',
        clamped: 'text',
        ruleId: 'text',
        decidedAt: 'timestamptz',
      },
      rows.map((row) => ({ ...row, decidedAt: decided })),
      `ON CONFLICT (sku, currency, channel) DO UPDATE SET amount = EXCLUDED.amount, proposed = EXCLUDED.proposed,
         clamped = EXCLUDED.clamped, rule_id = EXCLUDED.rule_id, decided_at = EXCLUDED.decided_at`,
    );
  }

  async clear(tx: EntityManager, keys: readonly RulePriceKey[]): Promise<void> {
    if (keys.length === 0) return;
    await tx.query(
      `DELETE FROM rule_prices r USING unnest($1::text[], $2::text[], $3::text[]) AS k(sku, currency, channel)
       WHERE r.sku = k.sku AND r.currency = k.currency AND r.channel = k.channel`,
      [keys.map((k) => k.sku), keys.map((k) => k.currency), keys.map((k) => k.channel)],
    );
  }
}

export const rulePriceKey = (key: RulePriceKey) =>
  `${key.sku}\u0000${key.currency}\u0000${key.channel}`;

/** The current rule price per rule price key. */
export const currentByKey = (rows: readonly RulePriceRow[]): Map<string, CurrentRulePrice> =>
  new Map(
    rows.map((row) => [
      rulePriceKey(row),
      { amount: row.amount, ruleId: row.rule_id, decidedAt: row.decided_at },
    ]),
  );
