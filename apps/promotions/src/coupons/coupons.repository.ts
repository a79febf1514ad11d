import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { updatedRows } from '../database-columns';

export type CouponRow = {
  code: string;
  campaignId: string;
  batchId: string | null;
  customerId: string | null;
  maxUses: number | null;
  uses: number;
  perCustomerLimit: number | null;
  validFrom: Date | null;
  validTo: Date | null;
  /** The A/B variant of the offer that issued the code, if any. */
  experimentId?: string | null;
  variant?: string | null;
};

export type CouponCheck = {
  valid: { code: string; batchId: string | null; campaignId: string }[];
  /** Known and in force, but without uses left (in total or for this customer). */
  exhausted: { code: string; batchId: string | null; reason: string }[];
  refused: { code: string; reason: string }[];
};

export type ClaimOutcome =
  'claimed' | 'duplicate' | 'limit-reached' | 'customer-limit-reached' | 'not-valid';

/** A coupon as a cart check reads it: with this customer's uses of it. */
export type PresentedCoupon = CouponRow & { customerUses: number | null };

/** Which presented codes a cart may use at `at`, for this customer, from their rows. */
export function checkCoupons(
  rows: readonly PresentedCoupon[],
  codes: readonly string[],
  customerId: string | undefined,
  at: Date,
): CouponCheck {
  const result: CouponCheck = { valid: [], exhausted: [], refused: [] };
  const byCode = new Map(rows.map((row) => [row.code, row]));
  for (const code of [...new Set(codes)].sort()) {
    const row = byCode.get(code);
    if (row === undefined) result.refused.push({ code, reason: 'unknown code' });
    else if (row.validFrom !== null && at < row.validFrom)
      result.refused.push({ code, reason: `valid from ${row.validFrom.toISOString()}` });
    else if (row.validTo !== null && at >= row.validTo)
      result.refused.push({ code, reason: `expired at ${row.validTo.toISOString()}` });
    else if (row.customerId !== null && row.customerId !== customerId)
      result.refused.push({ code, reason: 'issued to another customer' });
    else if (row.maxUses !== null && row.uses >= row.maxUses)
      result.exhausted.push({
        code,
        batchId: row.batchId,
        reason: `all ${row.maxUses} uses taken`,
      });
    else if (row.perCustomerLimit !== null && customerId === undefined)
      result.refused.push({ code, reason: 'limited per customer: the buyer must be known' });
    else if (row.perCustomerLimit !== null && (row.customerUses ?? 0) >= row.perCustomerLimit)
      result.exhausted.push({
        code,
        batchId: row.batchId,
        reason: `this customer used all ${row.perCustomerLimit} uses`,
      });
    else result.valid.push({ code, batchId: row.batchId, campaignId: row.campaignId });
  }
  return result;
}

const columns = `c.code, c.campaign_id AS "campaignId", c.batch_id AS "batchId", c.customer_id AS "customerId",
  c.max_uses AS "maxUses", c.uses, c.per_customer_limit AS "perCustomerLimit", c.valid_from AS "validFrom", c.valid_to AS "validTo",
  c.experiment_id AS "experimentId", c.variant`;

/**
 * Coupons and their use counts. A use is taken by conditional updates (never more than the
 * limit, whatever runs concurrently) and recorded once per (code, order) by a unique index.
 */
@Injectable()
export class CouponsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(
    tx: EntityManager,
    coupons: readonly Omit<CouponRow, 'uses'>[],
    at: Date,
  ): Promise<void> {
    for (let i = 0; i < coupons.length; i += 1_000) {
      const chunk = coupons.slice(i, i + 1_000);
      const values: unknown[] = [];
      const rows = chunk.map((coupon, index) => {
        values.push(
          coupon.code,
          coupon.campaignId,
          coupon.batchId,
          coupon.customerId,
          coupon.maxUses,
          coupon.perCustomerLimit,
          coupon.validFrom,
          coupon.validTo,
          coupon.experimentId ?? null,
          coupon.variant ?? null,
          at,
        );
        const base = index * 11;
        return `(${Array.from({ length: 11 }, (_, k) => `$${base + k + 1}`).join(', ')})`;
      });
      await tx.query(
        `INSERT INTO coupons (code, campaign_id, batch_id, customer_id, max_uses, per_customer_limit, valid_from, valid_to, experiment_id, variant, created_at)
         VALUES ${rows.join(', ')}`,
        values,
      );
    }
  }

  async existing(codes: readonly string[]): Promise<string[]> {
    const rows: { code: string }[] = await this.dataSource.query(
      `SELECT code FROM coupons WHERE code = ANY($1)`,
      [codes],
    );
    return rows.map((row) => row.code);
  }

  async find(code: string): Promise<CouponRow | undefined> {
    const [row]: CouponRow[] = await this.dataSource.query(
      `SELECT ${columns} FROM coupons c WHERE c.code = $1`,
      [code],
    );
    return row;
  }

  /**
   * Takes one use of a coupon for an order, inside the caller's transaction: the conditional
   * updates hold the row locks until it commits, so 50 concurrent orders on a last use give one.
   * A second claim for the same (code, order) is a `duplicate` that takes nothing.
   */
  async claim(
    tx: EntityManager,
    claim: { code: string; orderId: string; customerId: string | null; at: Date },
  ): Promise<ClaimOutcome> {
    const [already]: { id: string }[] = await tx.query(
      `SELECT id FROM redemptions WHERE coupon_code = $1 AND order_id = $2`,
      [claim.code, claim.orderId],
    );
    if (already !== undefined) return 'duplicate';
    const taken = await updatedRows<{ perCustomerLimit: number | null }>(
      tx,
      `UPDATE coupons SET uses = uses + 1
        WHERE code = $1
          AND (max_uses IS NULL OR uses < max_uses)
          AND (valid_from IS NULL OR valid_from <= $2) AND (valid_to IS NULL OR valid_to > $2)
          AND (customer_id IS NULL OR customer_id = $3)
          AND (per_customer_limit IS NULL OR $3::text IS NOT NULL)
        RETURNING per_customer_limit AS "perCustomerLimit"`,
      [claim.code, claim.at, claim.customerId],
    );
    const [row] = taken;
    if (row === undefined) {
      const coupon = await this.find(claim.code);
      const usable =
        coupon !== undefined &&
        (coupon.validFrom === null || coupon.validFrom <= claim.at) &&
        (coupon.validTo === null || coupon.validTo > claim.at) &&
        (coupon.customerId === null || coupon.customerId === claim.customerId);
      return usable ? 'limit-reached' : 'not-valid';
    }
    if (row.perCustomerLimit !== null) {
      const counted: unknown[] = await tx.query(
        `INSERT INTO coupon_customer_uses (code, customer_id, uses) VALUES ($1, $2, 1)
         ON CONFLICT (code, customer_id) DO UPDATE SET uses = coupon_customer_uses.uses + 1
           WHERE coupon_customer_uses.uses < $3
         RETURNING uses`,
        [claim.code, claim.customerId, row.perCustomerLimit],
      );
      if (counted.length === 0) {
        // Compensate the total use taken above, in the same transaction.
        await tx.query(`UPDATE coupons SET uses = uses - 1 WHERE code = $1`, [claim.code]);
        return 'customer-limit-reached';
      }
    }
    return 'claimed';
  }

  /** Gives one use back (an order's redemption was released). */
  async giveBack(tx: EntityManager, code: string, customerId: string | null): Promise<void> {
    await tx.query(`UPDATE coupons SET uses = uses - 1 WHERE code = $1 AND uses > 0`, [code]);
    if (customerId !== null)
      await tx.query(
        `UPDATE coupon_customer_uses SET uses = uses - 1 WHERE code = $1 AND customer_id = $2 AND uses > 0`,
        [code, customerId],
      );
  }
}
