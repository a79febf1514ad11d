import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DownstreamEventOf } from '@omni/contracts';
import { Outbox, type OutboxMessage } from '@omni/messaging';
import { SERVICE_CONFIG } from '@omni/platform';
import type { EntityManager } from 'typeorm';
import type { PromotionsConfig } from '../config/promotions-config';
import { CouponsRepository } from '../coupons/coupons.repository';
import { ReadModelsRepository } from '../read-models/read-models.repository';
import { QuotesService } from '../quotes/quotes.service';
import { redemptionRecordedMessage, redemptionReleasedMessage } from './redemption-events';
import { RedemptionsRepository, type RedemptionRow } from './redemptions.repository';

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
    const { quote, coupons, promotions } = await this.quotes.evaluate(
      {
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
      },
      context.occurredAt,
    );
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
      if (!(await this.redemptions.takeBudget(tx, applied.campaignId, applied.amount))) {
        if (code !== null && !sharedClaim) {
          await this.coupons.giveBack(tx, code, context.customerId);
          claimedCodes.delete(code);
        }
        refused.push({ promotionId: applied.promotionId, reason: 'budget-exhausted' });
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
      };
      await this.redemptions.insert(tx, row, context.occurredAt);
      recorded.push(row);
      messages.push(
        redemptionRecordedMessage(this.config.topics.redemptions, row, context, experiment),
      );
    }
    await this.outbox.enqueueMany(tx, messages);
    await this.readModels.countOrder(tx, context.customerId);
    if (refused.length > 0)
      this.logger.warn(
        { orderId: order.orderId, refused },
        'order got promotions it could not redeem',
      );
    return { recorded, refused, duplicate: false };
  }

  /** Releases an order's redemptions once: uses and budget come back. */
  async releaseOrder(
    tx: EntityManager,
    orderId: string,
    reason: 'order-cancelled' | 'order-refunded',
    cause: Cause,
  ): Promise<RedemptionRow[]> {
    const released = await this.redemptions.release(tx, orderId, cause.occurredAt);
    for (const row of released)
      if (row.couponCode !== null) await this.coupons.giveBack(tx, row.couponCode, row.customerId);
    await this.outbox.enqueueMany(
      tx,
      released.map((row) =>
        redemptionReleasedMessage(this.config.topics.redemptions, row, reason, cause),
      ),
    );
    return released;
  }

  /** A refund releases the order's redemptions only when it returns the whole order. */
  async onRefund(
    tx: EntityManager,
    refund: DownstreamEventOf<'order.refunded'>['payload'],
    cause: Cause,
  ): Promise<void> {
    const rows = await this.redemptions.forOrder(tx, refund.orderId);
    const total = rows[0]?.orderTotal;
    if (total === undefined || refund.amount.amount < total) return;
    await this.releaseOrder(tx, refund.orderId, 'order-refunded', cause);
  }
}
