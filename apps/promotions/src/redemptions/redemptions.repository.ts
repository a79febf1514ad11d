import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { updatedRows } from '../database-columns';

export type RedemptionRow = {
  id: string;
  orderId: string;
  campaignId: string;
  promotionId: string | null;
  couponCode: string | null;
  customerId: string | null;
  currency: string;
  discount: number;
  orderTotal: number;
  /** The order event it came from, so a profile split can move it (dedupe key). */
  sourceEventKey: string | null;
};

const columns = `id, order_id AS "orderId", campaign_id AS "campaignId", promotion_id AS "promotionId",
  coupon_code AS "couponCode", customer_id AS "customerId", currency, discount::float8 AS discount,
  order_total::float8 AS "orderTotal", source_event_key AS "sourceEventKey"`;

/**
 * Redemptions and the campaign budgets they use. The budget is taken by a conditional update,
 * so concurrent orders can never spend past it; (promotion, order) and (coupon, order) are
 * unique, so an order redeems each once.
 */
@Injectable()
export class RedemptionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async forOrder(tx: EntityManager, orderId: string): Promise<RedemptionRow[]> {
    return tx.query(`SELECT ${columns} FROM redemptions WHERE order_id = $1 ORDER BY id`, [
      orderId,
    ]);
  }

  /** One redemption's worth of a campaign's budget; false when it does not fit. */
  async takeBudget(tx: EntityManager, campaignId: string, discount: number): Promise<boolean> {
    const rows = await updatedRows(
      tx,
      `UPDATE campaigns SET spent_amount = spent_amount + $2, redemptions = redemptions + 1
        WHERE id = $1
          AND (budget_amount IS NULL OR spent_amount + $2 <= budget_amount)
          AND (budget_redemptions IS NULL OR redemptions < budget_redemptions)
        RETURNING id`,
      [campaignId, discount],
    );
    return rows.length === 1;
  }

  async insert(tx: EntityManager, row: RedemptionRow, at: Date): Promise<void> {
    await tx.query(
      `INSERT INTO redemptions (id, order_id, campaign_id, promotion_id, coupon_code, customer_id, currency, discount, order_total, source_event_key, status, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'recorded', $11)`,
      [
        row.id,
        row.orderId,
        row.campaignId,
        row.promotionId,
        row.couponCode,
        row.customerId,
        row.currency,
        row.discount,
        row.orderTotal,
        row.sourceEventKey,
        at,
      ],
    );
  }

  /** Releases an order's recorded redemptions once and gives their budget back; returns them. */
  async release(tx: EntityManager, orderId: string, at: Date): Promise<RedemptionRow[]> {
    const released = await updatedRows<RedemptionRow>(
      tx,
      `UPDATE redemptions SET status = 'released', released_at = $2
        WHERE order_id = $1 AND status = 'recorded'
        RETURNING ${columns}`,
      [orderId, at],
    );
    for (const row of released)
      await tx.query(
        `UPDATE campaigns SET spent_amount = spent_amount - $2, redemptions = redemptions - 1 WHERE id = $1`,
        [row.campaignId, row.discount],
      );
    return released;
  }

  async counts(): Promise<{ recorded: number; released: number }> {
    const [row]: { recorded: number; released: number }[] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE status = 'recorded')::int AS recorded,
              count(*) FILTER (WHERE status = 'released')::int AS released
         FROM redemptions`,
    );
    return row ?? { recorded: 0, released: 0 };
  }
}
