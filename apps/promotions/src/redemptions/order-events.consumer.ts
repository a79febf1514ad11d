import { Injectable } from '@nestjs/common';
import type { DownstreamEventEnvelope, DownstreamEventOf } from '@omni/contracts';
import { sourceEventKey } from '@omni/messaging';
import { HandlesEachEvent } from '@omni/platform';
import type { EntityManager } from 'typeorm';
import type { PromotionsConfig } from '../config/promotions-config';
import { RedemptionsService } from './redemptions.service';

/** order.placed records redemptions; order.cancelled and a full order.refunded release them, a partial refund its share of the budget. */
@Injectable()
export class OrderEventsHandler {
  constructor(private readonly redemptions: RedemptionsService) {}

  @HandlesEachEvent<PromotionsConfig>('resolvedEvents')
  async onResolvedEvent(envelope: DownstreamEventEnvelope, tx: EntityManager): Promise<void> {
    const customerId = envelope.customerId;
    if (customerId === undefined) return;
    const cause = {
      customerId,
      correlationId: envelope.correlationId ?? envelope.eventId,
      causationId: envelope.eventId,
      occurredAt: new Date(envelope.occurredAt),
    };
    switch (envelope.type) {
      case 'order.placed':
        await this.redemptions.recordOrder(
          tx,
          (envelope as DownstreamEventOf<'order.placed'>).payload,
          {
            ...cause,
            channel: envelope.channel ?? '',
            sourceEventKey: sourceEventKey(envelope),
          },
        );
        break;
      case 'order.cancelled':
        await this.redemptions.releaseOrder(
          tx,
          (envelope as DownstreamEventOf<'order.cancelled'>).payload.orderId,
          'order-cancelled',
          cause,
        );
        break;
      case 'order.refunded': {
        const refund = (envelope as DownstreamEventOf<'order.refunded'>).payload;
        // A channel may resend a refund as a new event; its refund id keeps it to one release.
        await this.redemptions.onRefund(tx, refund, {
          ...cause,
          refundKey:
            refund.refundId === undefined
              ? `event:${sourceEventKey(envelope)}`
              : `refund:${refund.refundId}`,
        });
        break;
      }
      default:
        break;
    }
  }
}
