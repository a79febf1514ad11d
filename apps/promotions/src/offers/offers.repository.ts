import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { OfferMatch, Variant } from './variant';

export type OfferRule = {
  id: string;
  campaignId: string;
  trigger: string;
  reason: 'cart-abandonment' | 'win-back' | 'member' | 'segment' | 'birthday';
  match: OfferMatch;
  experimentId: string;
  variants: (Variant & { batchId: string })[];
  validDays: number;
};

export type OfferRow = {
  id: string;
  ruleId: string;
  campaignId: string;
  customerId: string;
  sourceKey: string;
  experimentId: string;
  variant: string;
  couponCode: string;
  validFrom: Date;
  validTo: Date;
  issuedAt: Date;
  /** The channel event the journey behind the offer started from (crm's causation), so a split moves it. */
  originEventKey: string | null;
};

const offerColumns = `id, rule_id AS "ruleId", campaign_id AS "campaignId", customer_id AS "customerId",
  source_key AS "sourceKey", experiment_id AS "experimentId", variant, coupon_code AS "couponCode",
  valid_from AS "validFrom", valid_to AS "validTo", issued_at AS "issuedAt", origin_event_key AS "originEventKey"`;

/** Offer rules, issued offers (one per rule and journey step) and sticky experiment assignments. */
@Injectable()
export class OffersRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insertRule(tx: EntityManager, rule: OfferRule, at: Date): Promise<void> {
    await tx.query(
      `INSERT INTO offer_rules (id, campaign_id, trigger, reason, match, experiment_id, variants, valid_days, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        rule.id,
        rule.campaignId,
        rule.trigger,
        rule.reason,
        JSON.stringify(rule.match),
        rule.experimentId,
        JSON.stringify(rule.variants),
        rule.validDays,
        at,
      ],
    );
  }

  /** The rules of live campaigns, running at `at`, that answer a trigger. */
  liveRules(tx: EntityManager, trigger: string, at: Date): Promise<OfferRule[]> {
    return tx.query(
      `SELECT r.id, r.campaign_id AS "campaignId", r.trigger, r.reason, r.match, r.experiment_id AS "experimentId",
              r.variants, r.valid_days AS "validDays"
         FROM offer_rules r JOIN campaigns c ON c.id = r.campaign_id
        WHERE r.trigger = $1 AND c.status = 'live' AND c.starts_at <= $2 AND c.ends_at > $2
        ORDER BY r.id`,
      [trigger, at],
    );
  }

  rulesOf(campaignId: string): Promise<OfferRule[]> {
    return this.dataSource.query(
      `SELECT id, campaign_id AS "campaignId", trigger, reason, match, experiment_id AS "experimentId", variants,
              valid_days AS "validDays"
         FROM offer_rules WHERE campaign_id = $1 ORDER BY created_at, id`,
      [campaignId],
    );
  }

  /** The customer's variant of an experiment: the one assigned before, else `proposed`, kept from now on. */
  async assignment(
    tx: EntityManager,
    experimentId: string,
    customerId: string,
    proposed: string,
    at: Date,
  ): Promise<string> {
    await tx.query(
      `INSERT INTO experiment_assignments (experiment_id, customer_id, variant, assigned_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (experiment_id, customer_id) DO NOTHING`,
      [experimentId, customerId, proposed, at],
    );
    const [row]: { variant: string }[] = await tx.query(
      `SELECT variant FROM experiment_assignments WHERE experiment_id = $1 AND customer_id = $2`,
      [experimentId, customerId],
    );
    return row?.variant ?? proposed;
  }

  /** Inserts an offer unless one exists for its rule and journey step; true when inserted. */
  async insertOffer(tx: EntityManager, offer: OfferRow): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `INSERT INTO offers (id, rule_id, campaign_id, customer_id, source_key, experiment_id, variant, coupon_code, valid_from, valid_to, issued_at, origin_event_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (rule_id, source_key) DO NOTHING
       RETURNING id`,
      [
        offer.id,
        offer.ruleId,
        offer.campaignId,
        offer.customerId,
        offer.sourceKey,
        offer.experimentId,
        offer.variant,
        offer.couponCode,
        offer.validFrom,
        offer.validTo,
        offer.issuedAt,
        offer.originEventKey,
      ],
    );
    return rows.length === 1;
  }

  offersOf(customerId: string): Promise<OfferRow[]> {
    return this.dataSource.query(
      `SELECT ${offerColumns} FROM offers WHERE customer_id = $1 ORDER BY issued_at, id`,
      [customerId],
    );
  }
}
