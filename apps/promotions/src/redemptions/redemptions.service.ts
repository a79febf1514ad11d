import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DownstreamEventOf } from '@omni/contracts';
import { Outbox, type OutboxMessage } from '@omni/messaging';
import { SERVICE_CONFIG } from '@omni/platform';
import type { EntityManager } from 'typeorm';
import type { PromotionsConfig } from '../config/promotions-config';
import { CouponsRepository } from '../coupons/coupons.repository';
import { ReadModelsRepository } from '../read-models/read-models.repository';
import type { Quote } from '../engine';
import { QuotesService } from '../quotes/quotes.service';
import { redemptionRecordedMessage, redemptionReleasedMessage } from './redemption-events';
import {
  RedemptionsRepository,
  type RedemptionRow,
  type ReleasedRow,
} from './redemptions.repository';
import { isFullRefund, partialRelease, type RedemptionLine, type RefundFact } from './refund-share';

type Cause = { customerId: string; correlationId: string; causationId: string; occurredAt: Date };

export type OrderOutcome = {
  recorded: RedemptionRow[];
  /** Promotions the order got but could not redeem: coupon or budget limits were reached meanwhile. */
  refused: { promotionId: string; reason: string }[];
  duplicate: boolean;
};

/**
 * Records what an order redeemed, by re-quoting it at its event time with its own prices, and
 * gives it back on cancel or refund. Runs in the caller's transaction (the inbox's), with the
 * outbox, so a redelivery or a crash records nothing twice.
 */
@Injectable()
export class RedemptionsService {
  private readonly logger = new Logger(RedemptionsService.name);

  constructor(
    private readonly quotes: QuotesService,
    private readonly redemptions: RedemptionsRepository,
    private readonly coupons: CouponsRepository,
    private readonly readModels: ReadModelsRepository,
    private readonly outbox: Outbox,
    @Inject(SERVICE_CONFIG) private readonly config: PromotionsConfig,
  ) {}

  async recordOrder(
    tx: EntityManager,
    order: DownstreamEventOf<'order.placed'>['payload'],
    context: Cause & { channel: string; sourceEventKey?: string },
  ): Promise<OrderOutcome> {
    if ((await this.redemptions.forOrder(tx, order.orderId)).length > 0)
      return { recorded: [], refused: [], duplicate: true };
    const currency = order.total.currency;
    const request = {
      channel: context.channel,
      currency,
      customerId: context.customerId,
      couponCodes: order.coupons ?? [],
      ...(order.shipping === undefined ? {} : { shipping: order.shipping.amount }),
      lines: order.lines.map((line, index) => ({
        lineId: String(index).padStart(4, '0'),
        sku: line.sku,
        quantity: line.quantity,
        unitPrice: line.unitPrice.amount,
      })),
    };
    // Flash units are counted exactly: a promotion whose flash price the order gets is locked
    // and the order re-quoted with the units it really has left, so concurrent orders queue on
    // its row and never sell past the cap.
    const unitsLeft = new Map<string, number>();
    let evaluated = await this.quotes.evaluate(request, context.occurredAt);
    for (;;) {
      const unlocked = evaluated.quote.applied
        .filter((applied) => (applied.units ?? 0) > 0 && !unitsLeft.has(applied.promotionId))
        .map((applied) => applied.promotionId);
      if (unlocked.length === 0) break;
      for (const [id, left] of await this.redemptions.lockUnitsLeft(tx, unlocked))
        unitsLeft.set(id, left);
      for (const id of unlocked) if (!unitsLeft.has(id)) unitsLeft.set(id, 0);
      evaluated = await this.quotes.evaluate(request, context.occurredAt, unitsLeft);
    }
    const { quote, coupons, promotions } = evaluated;
    const recorded: RedemptionRow[] = [];
    const refused: OrderOutcome['refused'] = [];
    const messages: OutboxMessage[] = [];
    // One use of a code per order, however many of the order's promotions it unlocked.
    const claimedCodes = new Set<string>();
    for (const applied of quote.applied) {
      const promotion = promotions.find((candidate) => candidate.id === applied.promotionId);
      const wanted = (promotion?.conditions ?? [])
        .filter(({ rule }) => rule.code === 'coupon-code')
        .map(({ args }) => args as { code?: string; batchId?: string });
      const code =
        wanted.length === 0
          ? null
          : (coupons.valid.find((coupon) =>
              wanted.some((want) =>
                want.code !== undefined
                  ? want.code === coupon.code
                  : want.batchId === coupon.batchId,
              ),
            )?.code ?? null);
      let experiment: { experimentId: string; variant: string } | undefined;
      const sharedClaim = code !== null && claimedCodes.has(code);
      if (code !== null && !sharedClaim) {
        const claim = await this.coupons.claim(tx, {
          code,
          orderId: order.orderId,
          customerId: context.customerId,
          at: context.occurredAt,
        });
        if (claim !== 'claimed') {
          refused.push({ promotionId: applied.promotionId, reason: `coupon ${code}: ${claim}` });
          continue;
        }
        claimedCodes.add(code);
        const claimed = await this.coupons.find(code);
        if (claimed?.experimentId != null && claimed.variant != null)
          experiment = { experimentId: claimed.experimentId, variant: claimed.variant };
      }
      const units = applied.units ?? 0;
      const budgetTaken = await this.redemptions.takeBudget(tx, applied.campaignId, applied.amount);
      const unitsTaken =
        budgetTaken &&
        (units === 0 || (await this.redemptions.takeUnits(tx, applied.promotionId, units)));
      if (!unitsTaken) {
        if (budgetTaken)
          await this.redemptions.giveBudgetBack(tx, applied.campaignId, applied.amount);
        if (code !== null && !sharedClaim) {
          await this.coupons.giveBack(tx, code, context.customerId);
          claimedCodes.delete(code);
        }
        refused.push({
          promotionId: applied.promotionId,
          reason: budgetTaken ? 'flash-units-sold' : 'budget-exhausted',
        });
        continue;
      }
      const row: RedemptionRow = {
        id: `rdm_${randomUUID()}`,
        orderId: order.orderId,
        campaignId: applied.campaignId,
        promotionId: applied.promotionId,
        // The code's use is recorded on the first promotion it unlocked on this order.
        couponCode: sharedClaim ? null : code,
        customerId: context.customerId,
        currency,
        discount: applied.amount,
        orderTotal: order.total.amount,
        sourceEventKey: context.sourceEventKey ?? null,
        lines: redemptionLines(quote, applied.promotionId),
        releasedAmount: 0,
        units,
      };
      await this.redemptions.insert(tx, row, context.occurredAt);
      recorded.push(row);
      messages.push(
        redemptionRecordedMessage(this.config.topics.redemptions, row, context, experiment),
      );
    }
    await this.outbox.enqueueMany(tx, messages);
    await this.readModels.countOrder(tx, {
      customerId: context.customerId,
      orderId: order.orderId,
      sourceEventKey: context.sourceEventKey ?? null,
      at: context.occurredAt,
    });
    if (refused.length > 0)
      this.logger.warn(
        { orderId: order.orderId, refused },
        'order got promotions it could not redeem',
      );
    if (recorded.length > 0) await this.settleEarlyReleases(tx, order.orderId, context.customerId);
    return { recorded, refused, duplicate: false };
  }

  /**
   * A cancellation or refunds that arrived before the order: its redemptions, just recorded,
   * are released now, under the events that asked for it. Runs once, as the order is recorded once.
   */
  private async settleEarlyReleases(
    tx: EntityManager,
    orderId: string,
    customerId: string,
  ): Promise<void> {
    const cancelled = await this.redemptions.cancellationOf(tx, orderId);
    if (cancelled !== undefined) {
      await this.releaseOrder(tx, orderId, 'order-cancelled', { ...cancelled, customerId });
      return;
    }
    const refunds = await this.redemptions.refundsOf(tx, orderId);
    const last = refunds.at(-1);
    if (last === undefined) return;
    const rows = await this.redemptions.lockRecorded(tx, orderId);
    const first = rows[0];
    if (first === undefined) return;
    if (isFullRefund(first.orderTotal, first.lines, refunds)) {
      await this.releaseOrder(tx, orderId, 'order-refunded', { ...last.cause, customerId });
      return;
    }
    for (const refund of refunds)
      await this.releaseShares(tx, await this.redemptions.lockRecorded(tx, orderId), refund, {
        ...refund.cause,
        customerId,
        refundKey: refund.refundKey,
      });
  }

  /** Releases an order's redemptions in whole, once: uses, counts, units and what is left of the budget come back. */
  async releaseOrder(
    tx: EntityManager,
    orderId: string,
    reason: 'order-cancelled' | 'order-refunded',
    cause: Cause,
  ): Promise<ReleasedRow[]> {
    if (reason === 'order-cancelled') await this.redemptions.recordCancellation(tx, orderId, cause);
    const released = await this.redemptions.release(tx, orderId, cause.occurredAt);
    for (const row of released)
      if (row.couponCode !== null) await this.coupons.giveBack(tx, row.couponCode, row.customerId);
    await this.outbox.enqueueMany(
      tx,
      released.map((row) =>
        redemptionReleasedMessage(
          this.config.topics.redemptions,
          row,
          { reason, amount: row.releasedNow, complete: true },
          cause,
        ),
      ),
    );
    return released;
  }

  /**
   * A refund, once per refund id (or event): when the refunds so far return the whole order,
   * its redemptions are released in whole; otherwise this refund's share of each discount goes
   * back to the budget, and the coupon use and redemption count stay taken.
   */
  async onRefund(
    tx: EntityManager,
    refund: DownstreamEventOf<'order.refunded'>['payload'],
    cause: Cause & { refundKey: string },
  ): Promise<Map<string, number>> {
    const fact = {
      amount: refund.amount.amount,
      ...(refund.lines === undefined ? {} : { lines: refund.lines }),
    };
    const rows = await this.redemptions.lockRecorded(tx, refund.orderId);
    // Recorded even before its order is: the order's redemptions are then released as they come.
    if (!(await this.redemptions.recordRefund(tx, refund.orderId, cause.refundKey, fact, cause)))
      return new Map();
    const first = rows[0];
    if (first === undefined) return new Map();
    const refunds = await this.redemptions.refundsOf(tx, refund.orderId);
    if (isFullRefund(first.orderTotal, first.lines, refunds)) {
      const released = await this.releaseOrder(tx, refund.orderId, 'order-refunded', cause);
      return new Map(released.map((row) => [row.id, row.releasedNow]));
    }
    return this.releaseShares(tx, rows, fact, cause);
  }

  /** One partial refund's share of each redemption's discount back to the budget, published. */
  private async releaseShares(
    tx: EntityManager,
    rows: readonly RedemptionRow[],
    fact: RefundFact,
    cause: Cause & { refundKey: string },
  ): Promise<Map<string, number>> {
    const first = rows[0];
    if (first === undefined) return new Map();
    const shares = partialRelease(
      first.orderTotal,
      rows.map((row) => ({
        id: row.id,
        discount: row.discount,
        released: row.releasedAmount,
        lines: row.lines,
      })),
      fact,
    );
    const messages: OutboxMessage[] = [];
    for (const row of rows) {
      const amount = shares.get(row.id) ?? 0;
      if (amount === 0) continue;
      await this.redemptions.releasePart(tx, row, amount);
      messages.push(
        redemptionReleasedMessage(
          this.config.topics.redemptions,
          row,
          { reason: 'order-refunded', amount, complete: false, refundKey: cause.refundKey },
          cause,
        ),
      );
    }
    await this.outbox.enqueueMany(tx, messages);
    return shares;
  }
}

/** A promotion's discount per SKU of the quoted order; every SKU is listed, so refunds can tell a whole order. */
function redemptionLines(quote: Quote, promotionId: string): RedemptionLine[] {
  const bySku = new Map<string, RedemptionLine>();
  const discounts = quote.applied.find(
    (applied) => applied.promotionId === promotionId,
  )?.lineDiscounts;
  for (const line of quote.lines) {
    const entry = bySku.get(line.sku) ?? { sku: line.sku, quantity: 0, discount: 0 };
    entry.quantity += line.quantity;
    entry.discount += discounts?.[line.lineId] ?? 0;
    bySku.set(line.sku, entry);
  }
  return [...bySku.values()].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
}
