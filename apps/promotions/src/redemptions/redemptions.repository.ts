import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { updatedRows } from '../database-columns';
import type { RedemptionLine, RefundFact } from './refund-share';

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
  /** Its discount per SKU of the order (every SKU listed), so a refund of some units releases their share. */
  lines: RedemptionLine[];
  /** Discount money already given back to the budget by partial refunds. */
  releasedAmount: number;
  /** Units sold at a flash price, counted against the promotion's unit cap. */
  units: number;
};

/** The event that cancelled or refunded an order, kept for a release that happens later. */
export type EventCause = { correlationId: string; causationId: string; occurredAt: Date };

export type RecordedRefund = RefundFact & { refundKey: string; cause: EventCause };

/** A redemption given back in whole, with the money this release returned. */
export type ReleasedRow = RedemptionRow & { releasedNow: number };

const columnsOf = (table: string) => `${table}id, ${table}order_id AS "orderId",
  ${table}campaign_id AS "campaignId", ${table}promotion_id AS "promotionId",
  ${table}coupon_code AS "couponCode", ${table}customer_id AS "customerId", ${table}currency,
  ${table}discount::float8 AS discount, ${table}order_total::float8 AS "orderTotal",
  ${table}source_event_key AS "sourceEventKey", ${table}lines,
  ${table}released_amount::float8 AS "releasedAmount", ${table}units`;
const columns = columnsOf('');

/**
 * Redemptions and the campaign budgets they use. The budget is taken by a conditional update,
 * so concurrent orders can never spend past it; (promotion, order) and (coupon, order) are
 * unique, so an order redeems each once.
 */
@Injectable()
export class RedemptionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async forOrder(tx: EntityManager, orderId: string): Promise<RedemptionRow[]> {
    return tx.query(`SELECT ${columns} FROM redemptions WHERE order_id = $1 ORDER BY id`, [
      orderId,
    ]);
  }

  /** The order's redemptions not yet released in whole, locked for the rest of the transaction. */
  async lockRecorded(tx: EntityManager, orderId: string): Promise<RedemptionRow[]> {
    return tx.query(
      `SELECT ${columns} FROM redemptions WHERE order_id = $1 AND status = 'recorded' ORDER BY id FOR UPDATE`,
      [orderId],
    );
  }

  /** Records a refund of an order once, with the event that carried it; false when this refund was already recorded. */
  async recordRefund(
    tx: EntityManager,
    orderId: string,
    refundKey: string,
    refund: RefundFact,
    cause: EventCause,
  ): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `INSERT INTO order_refunds (order_id, refund_key, amount, lines, recorded_at, correlation_id, causation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (order_id, refund_key) DO NOTHING RETURNING refund_key`,
      [
        orderId,
        refundKey,
        refund.amount,
        refund.lines === undefined ? null : JSON.stringify(refund.lines),
        cause.occurredAt,
        cause.correlationId,
        cause.causationId,
      ],
    );
    return rows.length === 1;
  }

  async refundsOf(tx: EntityManager, orderId: string): Promise<RecordedRefund[]> {
    const rows: {
      refundKey: string;
      amount: number;
      lines: RefundFact['lines'] | null;
      recordedAt: Date;
      correlationId: string | null;
      causationId: string | null;
    }[] = await tx.query(
      `SELECT refund_key AS "refundKey", amount::float8 AS amount, lines, recorded_at AS "recordedAt",
              correlation_id AS "correlationId", causation_id AS "causationId"
         FROM order_refunds WHERE order_id = $1 ORDER BY recorded_at, refund_key`,
      [orderId],
    );
    return rows.map((row) => ({
      amount: row.amount,
      ...(row.lines === null ? {} : { lines: row.lines }),
      refundKey: row.refundKey,
      cause: {
        correlationId: row.correlationId ?? row.refundKey,
        causationId: row.causationId ?? row.refundKey,
        occurredAt: row.recordedAt,
      },
    }));
  }

  /** Keeps an order's cancellation (once), so an order.placed that comes after it is released at once. */
  async recordCancellation(tx: EntityManager, orderId: string, cause: EventCause): Promise<void> {
    await tx.query(
      `INSERT INTO order_cancellations (order_id, correlation_id, causation_id, cancelled_at)
       VALUES ($1, $2, $3, $4) ON CONFLICT (order_id) DO NOTHING`,
      [orderId, cause.correlationId, cause.causationId, cause.occurredAt],
    );
  }

  async cancellationOf(tx: EntityManager, orderId: string): Promise<EventCause | undefined> {
    const [row]: EventCause[] = await tx.query(
      `SELECT correlation_id AS "correlationId", causation_id AS "causationId", cancelled_at AS "occurredAt"
         FROM order_cancellations WHERE order_id = $1`,
      [orderId],
    );
    return row;
  }

  /** Undoes a `takeBudget` of this transaction (the redemption did not happen after all). */
  async giveBudgetBack(tx: EntityManager, campaignId: string, discount: number): Promise<void> {
    await tx.query(
      `UPDATE campaigns SET spent_amount = spent_amount - $2, redemptions = redemptions - 1 WHERE id = $1`,
      [campaignId, discount],
    );
  }

  /** Gives part of a redemption's discount back to its campaign budget; the use and count stay. */
  async releasePart(tx: EntityManager, row: RedemptionRow, amount: number): Promise<void> {
    const updated = await updatedRows(
      tx,
      `UPDATE redemptions SET released_amount = released_amount + $2
        WHERE id = $1 AND status = 'recorded' AND released_amount + $2 <= discount RETURNING id`,
      [row.id, amount],
    );
    if (updated.length !== 1)
      throw new Error(`redemption ${row.id} cannot release ${amount} more than it took`);
    await tx.query(`UPDATE campaigns SET spent_amount = spent_amount - $2 WHERE id = $1`, [
      row.campaignId,
      amount,
    ]);
  }

  /** Takes flash units of a promotion within its cap; false when they do not fit. */
  async takeUnits(tx: EntityManager, promotionId: string, units: number): Promise<boolean> {
    const rows = await updatedRows(
      tx,
      `UPDATE promotions SET units_sold = units_sold + $2
        WHERE id = $1 AND unit_cap IS NOT NULL AND units_sold + $2 <= unit_cap RETURNING id`,
      [promotionId, units],
    );
    return rows.length === 1;
  }

  /** The flash units each listed promotion has left, its row locked until the transaction ends. */
  async lockUnitsLeft(
    tx: EntityManager,
    promotionIds: readonly string[],
  ): Promise<Map<string, number>> {
    const rows: { id: string; left: number }[] = await tx.query(
      `SELECT id, unit_cap - units_sold AS left FROM promotions
        WHERE id = ANY($1) AND unit_cap IS NOT NULL ORDER BY id FOR UPDATE`,
      [[...promotionIds].sort()],
    );
    return new Map(rows.map((row) => [row.id, row.left]));
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
      `INSERT INTO redemptions (id, order_id, campaign_id, promotion_id, coupon_code, customer_id, currency, discount, order_total, source_event_key, status, recorded_at, lines, units)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'recorded', $11, $12, $13)`,
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
        JSON.stringify(row.lines),
        row.units,
      ],
    );
  }

  /**
   * Releases an order's recorded redemptions in whole, once: what partial refunds left of each
   * discount goes back to the budget, with the redemption count and the flash units.
   */
  async release(tx: EntityManager, orderId: string, at: Date): Promise<ReleasedRow[]> {
    const released = await updatedRows<ReleasedRow>(
      tx,
      `WITH pending AS (
         SELECT id, released_amount AS before FROM redemptions
          WHERE order_id = $1 AND status = 'recorded' ORDER BY id FOR UPDATE
       )
       UPDATE redemptions r SET status = 'released', released_at = $2, released_amount = r.discount
         FROM pending WHERE r.id = pending.id
       RETURNING ${columnsOf('r.')}, (r.discount - pending.before)::float8 AS "releasedNow"`,
      [orderId, at],
    );
    for (const row of released) {
      await tx.query(
        `UPDATE campaigns SET spent_amount = spent_amount - $2, redemptions = redemptions - 1 WHERE id = $1`,
        [row.campaignId, row.releasedNow],
      );
      if (row.units > 0 && row.promotionId !== null)
        await tx.query(`UPDATE promotions SET units_sold = units_sold - $2 WHERE id = $1`, [
          row.promotionId,
          row.units,
        ]);
    }
    return released.sort((a, b) => (a.id < b.id ? -1 : 1));
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
