import type { Money, OrderLine } from '@omni/contracts';
import { CHANNEL_GROUP, PAYMENT_MIX, type PaymentMethod } from '../channels/channel-profiles';
import type { SimulationContext } from '../engine/simulation-context';
import { nextSequence } from '../people/person';
import type { Weighted } from '../random/prng';
import { emitIn, openSession, type Session } from '../sessions/session';
import { DAY, MINUTE, SECOND } from '../time/sim-time';
import { orderIdFor } from './order-ids';
import type { PricedOrder } from './order.builder';

export interface PlacedOrder {
  readonly orderId: string;
  readonly at: number;
  readonly priced: PricedOrder;
  readonly paymentMethod: PaymentMethod;
  readonly session: Session;
}

const DEFAULT_PAYMENT: Weighted<PaymentMethod> = [
  ['alipay', 0.55],
  ['wechat-pay', 0.45],
];

/** Emits order.placed. Marketplaces often pass the buyer's phone along with the order. */
export function placeOrder(
  ctx: SimulationContext,
  session: Session,
  at: number,
  priced: PricedOrder,
  storeId?: string,
): PlacedOrder {
  const { person, channel } = session;
  const orderId = orderIdFor(ctx, person, channel, at);
  const paymentMethod = person.rng.weighted(PAYMENT_MIX[channel] ?? DEFAULT_PAYMENT);
  const group = CHANNEL_GROUP[channel];
  const sharesPhone =
    (group === 'marketplace' || group === 'social-commerce') &&
    person.rng.chance(ctx.config.identity.marketplaceOrderPhoneShare);
  const orderSession: Session = sharesPhone
    ? { ...session, identifiers: { ...session.identifiers, phone: person.phone } }
    : session;
  emitIn(ctx, orderSession, at, 'order.placed', {
    orderId,
    lines: priced.lines,
    subtotal: priced.subtotal,
    ...(priced.discount === undefined ? {} : { discount: priced.discount }),
    shipping: priced.shipping,
    total: priced.total,
    ...(priced.coupons === undefined ? {} : { coupons: priced.coupons }),
    ...(storeId === undefined ? {} : { storeId }),
    paymentMethod,
  });
  return { orderId, at, priced, paymentMethod, session: orderSession };
}

/** What happened to an order after it was placed. */
export interface OrderFate {
  readonly cancelled: boolean;
}

/**
 * Plans what follows an order: payment or a cancellation, and sometimes a refund, a call to
 * the service centre and a review, days later.
 */
export function followOrder(ctx: SimulationContext, order: PlacedOrder): OrderFate {
  const { session, orderId, priced } = order;
  const { person } = session;
  const rng = person.rng;
  const rules = ctx.config.orders;
  if (rng.chance(rules.cancelRate)) {
    emitIn(ctx, session, order.at + rng.int(5, 120) * MINUTE, 'order.cancelled', {
      orderId,
      cancelledBy: 'customer',
      reason: rng.pick(['不想要了', '拍错了', '价格不合适', '重复下单']),
    });
    return { cancelled: true };
  }
  const paidAt = order.at + rng.int(20, 300) * SECOND;
  emitIn(ctx, session, paidAt, 'order.paid', {
    orderId,
    amount: priced.total,
    paymentMethod: order.paymentMethod,
    paymentId: `${ctx.time.compactDate(paidAt)}${ctx.ids.personDigits(person.index)}${nextSequence(person)}`,
  });
  if (session.channel === 'pos') return { cancelled: false };

  const refunds = rng.chance(rules.refundRate);
  const refundAt = paidAt + rng.uniform(2, 7) * DAY;
  if (rng.chance(rules.serviceContactRate) || (refunds && rng.chance(0.5))) {
    const contactAt = refunds
      ? paidAt + rng.uniform(1, (refundAt - paidAt) / DAY) * DAY
      : paidAt + rng.uniform(1, 5) * DAY;
    contactServiceCentre(ctx, session, contactAt, orderId, refunds);
  }
  if (refunds) refund(ctx, session, refundAt, orderId, priced);
  if (rng.chance(rules.reviewRate)) review(ctx, session, paidAt + rng.uniform(3, 10) * DAY, order);
  return { cancelled: false };
}

function contactServiceCentre(
  ctx: SimulationContext,
  orderSession: Session,
  at: number,
  orderId: string,
  aboutRefund: boolean,
): void {
  const { person } = orderSession;
  const rng = person.rng;
  const call = openSession(ctx, person, 'call-center', undefined, orderSession.journeyId, {
    locale: ctx.config.locale,
  });
  const reason = aboutRefund
    ? rng.pick(['return', 'refund'] as const)
    : rng.weighted([
        ['delivery', 0.35],
        ['order-status', 0.25],
        ['product-question', 0.2],
        ['complaint', 0.1],
        ['other', 0.1],
      ] as const);
  emitIn(ctx, call, at, 'service.contacted', {
    contactId: `CC-${ctx.ids.personHex(person.index)}-${nextSequence(person)}`,
    medium: 'phone',
    reason,
    orderId,
    agentId: `agent-${rng.int(100, 160)}`,
    resolved: rng.chance(0.85),
    satisfaction: rng.weighted([
      [5, 0.45],
      [4, 0.3],
      [3, 0.13],
      [2, 0.07],
      [1, 0.05],
    ]),
  });
}

function refund(
  ctx: SimulationContext,
  session: Session,
  at: number,
  orderId: string,
  priced: PricedOrder,
): void {
  const rng = session.person.rng;
  const partial = priced.lines.length > 1 && rng.chance(0.5);
  const line = partial ? rng.pick(priced.lines) : undefined;
  const amount: Money =
    line === undefined ? priced.total : { amount: netOf(line), currency: priced.total.currency };
  emitIn(ctx, session, at, 'order.refunded', {
    orderId,
    refundId: `RF-${orderId}-1`,
    amount,
    refundType: rng.chance(0.7) ? 'return-and-refund' : 'refund-only',
    lines: (line === undefined ? priced.lines : [line]).map((item) => ({
      sku: item.sku,
      quantity: item.quantity,
    })),
    reason: rng.pick(['七天无理由退货', '质量问题', '不喜欢', '与描述不符']),
  });
}

const REVIEWS: Record<number, readonly string[]> = {
  5: [
    '用了一周，皮肤明显细腻了，物流也很快。',
    '回购很多次了，一如既往的好用。',
    '包装精美，送人很合适。',
  ],
  4: ['效果不错，就是价格有点高。', '质地清爽，吸收快，期待长期效果。'],
  3: ['一般般，没有想象中惊艳。', '味道有点重，效果还需观察。'],
  2: ['用了有点闷痘，不太适合我。'],
  1: ['物流太慢，包装还破损了。'],
};

function review(ctx: SimulationContext, session: Session, at: number, order: PlacedOrder): void {
  const rng = session.person.rng;
  const rating = rng.weighted([
    [5, 0.6],
    [4, 0.25],
    [3, 0.08],
    [2, 0.04],
    [1, 0.03],
  ]);
  emitIn(ctx, session, at, 'review.submitted', {
    reviewId: `rv-${ctx.ids.personHex(session.person.index)}-${nextSequence(session.person)}`,
    rating,
    sku: order.priced.lines[0].sku,
    orderId: order.orderId,
    body: rng.pick(REVIEWS[rating]),
    photoCount: rng.chance(0.3) ? rng.int(1, 6) : 0,
  });
}

function netOf(line: OrderLine): number {
  return line.unitPrice.amount * line.quantity - (line.discount?.amount ?? 0);
}
