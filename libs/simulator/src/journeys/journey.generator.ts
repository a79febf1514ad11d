import type { Channel, DeviceType } from '@omni/contracts';
import { CHANNEL_CODE, CHANNEL_GROUP } from '../channels/channel-profiles';
import type { Product } from '../config/simulation-config';
import type { SimulationContext } from '../engine/simulation-context';
import { localId } from '../orders/order-ids';
import { followOrder, placeOrder, type PlacedOrder } from '../orders/order-lifecycle.generator';
import { priceOrder, type Coupon, type OrderItem, type PricedOrder } from '../orders/order.builder';
import type { PersonState } from '../people/person';
import { identify } from '../sessions/identification';
import { emitIn, openSession, pause, type Session } from '../sessions/session';
import { DAY, HOUR, MINUTE } from '../time/sim-time';
import {
  organicSource,
  planAfterJourney,
  reachableOn,
  retargetingChannel,
} from './journey-follow-up';
import { planJourney, type JourneyPlan } from './journey-planner';
import type { JourneyKind, JourneyOutcome, JourneySource } from './journey.types';
import {
  emitPage,
  messageClick,
  messageTouch,
  runBrowsingSession,
  viewProducts,
} from './session-content';

export interface JourneyStart {
  readonly person: PersonState;
  readonly time: number;
  readonly kind: JourneyKind;
  readonly source: JourneySource;
  readonly via: Channel | undefined;
}

interface PurchaseResult {
  readonly outcome: JourneyOutcome;
  readonly end: number;
  readonly cartId: string | undefined;
  readonly order: PlacedOrder | undefined;
  readonly cancelled: boolean;
  readonly recovered: boolean;
}

/**
 * One shopping journey: a first touch, research on other channels and devices over the
 * hesitation days, then the purchase session on the chosen channel, which may stop at any
 * funnel stage. Abandoned carts may be retargeted and won back. Plans what comes next.
 */
export function runJourney(ctx: SimulationContext, start: JourneyStart): void {
  const { person } = start;
  person.journeyCount += 1;
  const journeyId = `${person.id}-J${person.journeyCount}`;
  // A reminder only starts the journey if the person can still be messaged there.
  const prompted =
    start.source === 'reminder' &&
    start.via !== undefined &&
    reachableOn(ctx, person, start.via, 'retention') !== undefined;
  const source =
    start.source === 'reminder' && !prompted ? organicSource(ctx, person.rng) : start.source;
  const plan = planJourney(ctx, person, start.time, source, start.via);

  let time = start.time;
  const deviceIds = new Set<string>();
  for (const session of plan.sessions.slice(0, -1)) {
    const opened = openSession(ctx, person, session.channel, session.device, journeyId);
    if (session.device !== undefined) deviceIds.add(session.device.deviceId);
    time = runBrowsingSession(ctx, opened, Math.max(session.time, time + 5 * MINUTE), {
      role: session.role,
      source,
      category: plan.category,
      productViews: session.productViews,
    });
  }
  deviceIds.add(plan.purchaseDevice.deviceId);
  const purchaseSession = plan.sessions[plan.sessions.length - 1];
  const result = runPurchaseSession(
    ctx,
    openSession(ctx, person, plan.purchaseChannel, plan.purchaseDevice, journeyId),
    Math.max(purchaseSession.time, time + 5 * MINUTE),
    plan,
    purchaseSession.productViews,
  );

  person.busyUntil = result.end;
  const purchasedAt = result.order !== undefined && !result.cancelled ? result.order.at : undefined;
  ctx.recordJourney({
    journeyId,
    personId: person.id,
    kind: start.kind,
    source,
    startedAt: ctx.time.iso(start.time),
    plannedChannels: [...new Set(plan.sessions.map((session) => session.channel))],
    purchaseChannel: plan.purchaseChannel,
    purchaseDeviceType: plan.purchaseDevice.type satisfies DeviceType,
    deviceIds: [...deviceIds],
    outcome: result.outcome,
    recovered: result.recovered,
    ...(result.cartId === undefined ? {} : { cartId: result.cartId }),
    ...(result.order === undefined ? {} : { orderId: result.order.orderId }),
    complete: result.end < ctx.time.endMs,
  });
  planAfterJourney(ctx, person, journeyId, result.end, purchasedAt);
}

function runPurchaseSession(
  ctx: SimulationContext,
  session: Session,
  at: number,
  plan: JourneyPlan,
  productViews: number,
): PurchaseResult {
  const { person } = session;
  const rng = person.rng;
  const owned = CHANNEL_GROUP[session.channel] === 'owned';
  let time = at;
  if (owned) emitPage(ctx, session, time, 'home');
  time = viewProducts(ctx, session, time, productViews, plan.category, '商品详情');
  if (!plan.reachesCart) {
    return {
      outcome: 'browsed',
      end: time,
      cartId: undefined,
      order: undefined,
      cancelled: false,
      recovered: false,
    };
  }

  // facts: about 3 similar products go into the cart; one or two are bought.
  const cartId = localId(ctx, person, 'cart');
  const similar = rng.shuffled(ctx.catalogue.inCategory(plan.category));
  const cartSize = rng.int(ctx.config.journey.cartItems.min, ctx.config.journey.cartItems.max);
  const items: OrderItem[] = [];
  for (let index = 0; index < cartSize; index++) {
    const product: Product = similar[index % similar.length];
    const item = {
      product,
      quantity: rng.chance(ctx.config.orders.quantityTwoShare) ? 2 : 1,
      unitPrice: ctx.catalogue.price(product, session.channel),
    };
    items.push(item);
    time += pause(session, 20, 240);
    emitIn(ctx, session, time, 'cart.item-added', {
      cartId,
      sku: product.sku,
      name: product.name,
      quantity: item.quantity,
      unitPrice: { amount: item.unitPrice, currency: ctx.config.currency },
    });
  }
  const bought = items.slice(0, rng.chance(ctx.config.orders.secondLineShare) ? 2 : 1);
  const unbought = items.slice(bought.length);

  if (plan.reachesCheckout) {
    const started = checkout(ctx, session, time, cartId, bought, unbought);
    time = started.time;
    if (plan.orders) {
      const order = placeOrder(ctx, session, time + pause(session, 10, 60), started.priced);
      const fate = followOrder(ctx, order);
      return {
        outcome: 'purchased',
        end: order.at,
        cartId,
        order,
        cancelled: fate.cancelled,
        recovered: false,
      };
    }
  }
  const outcome = plan.reachesCheckout ? 'abandoned-checkout' : 'abandoned-cart';
  const stillInCart = plan.reachesCheckout ? [] : unbought;
  return recoverCart(ctx, session, time, cartId, bought, stillInCart, outcome);
}

interface StartedCheckout {
  readonly time: number;
  /** The order as it would be placed, with the claimed coupon applied. */
  readonly priced: PricedOrder;
}

/** Removes compared items, identifies on owned channels, claims a coupon, starts checkout. */
function checkout(
  ctx: SimulationContext,
  session: Session,
  at: number,
  cartId: string,
  bought: readonly OrderItem[],
  unbought: readonly OrderItem[],
): StartedCheckout {
  const { person } = session;
  const rng = person.rng;
  let time = at;
  for (const item of unbought) {
    if (!rng.chance(ctx.config.journey.removeUnboughtShare)) continue;
    time += pause(session, 5, 40);
    emitIn(ctx, session, time, 'cart.item-removed', {
      cartId,
      sku: item.product.sku,
      quantity: item.quantity,
    });
  }
  if (CHANNEL_GROUP[session.channel] === 'owned') {
    time += pause(session, 5, 30);
    emitPage(ctx, session, time, 'cart');
    time = identify(ctx, session, time, 'checkout');
  }
  const coupon = couponFor(ctx, session, bought);
  if (coupon !== undefined) {
    time += pause(session, 5, 60);
    emitIn(ctx, session, time, 'coupon.claimed', {
      couponId: coupon.code,
      discount: { amount: coupon.discount, currency: ctx.config.currency },
      threshold: { amount: coupon.threshold, currency: ctx.config.currency },
      validUntil: ctx.time.iso(time + 3 * DAY),
    });
  }
  const listed = priceOrder(bought, orderRules(ctx), undefined);
  time += pause(session, 10, 90);
  emitIn(ctx, session, time, 'checkout.started', {
    checkoutId: localId(ctx, person, 'co'),
    cartId,
    lines: listed.lines,
    subtotal: listed.subtotal,
    ...(coupon === undefined ? {} : { coupons: [coupon.code] }),
  });
  return { time, priced: priceOrder(bought, orderRules(ctx), coupon) };
}

function couponFor(
  ctx: SimulationContext,
  session: Session,
  bought: readonly OrderItem[],
): Coupon | undefined {
  const rules = ctx.config.orders;
  const subtotal = bought.reduce((sum, item) => sum + item.unitPrice * item.quantity, 0);
  if (subtotal < rules.couponThreshold || !session.person.rng.chance(rules.couponShare)) {
    return undefined;
  }
  const code = `${CHANNEL_CODE[session.channel]}-${rules.couponThreshold / 100}-${rules.couponDiscount / 100}`;
  return { code, threshold: rules.couponThreshold, discount: rules.couponDiscount };
}

function orderRules(ctx: SimulationContext) {
  return {
    currency: ctx.config.currency,
    freeShippingThreshold: ctx.config.orders.freeShippingThreshold,
    shippingFee: ctx.config.orders.shippingFee,
  };
}

/**
 * facts: multi-channel retargeting wins back part of the abandoned carts. A reminder goes out
 * on a consented channel; some people come back, check out the same cart and pay.
 */
function recoverCart(
  ctx: SimulationContext,
  session: Session,
  abandonedAt: number,
  cartId: string,
  bought: readonly OrderItem[],
  unbought: readonly OrderItem[],
  outcome: 'abandoned-cart' | 'abandoned-checkout',
): PurchaseResult {
  const { person } = session;
  const rng = person.rng;
  const settings = ctx.config.cartRecovery;
  const abandoned: PurchaseResult = {
    outcome,
    end: abandonedAt,
    cartId,
    order: undefined,
    cancelled: false,
    recovered: false,
  };
  if (!rng.chance(settings.retargetedShare)) return abandoned;
  const via = retargetingChannel(ctx, person);
  if (via === undefined) return abandoned;
  const reminder = openSession(ctx, person, via.channel, via.device, session.journeyId);
  const remindedAt = messageTouch(
    ctx,
    reminder,
    abandonedAt + rng.uniform(1, 20) * HOUR,
    'retargeting',
  );
  if (remindedAt === undefined || !rng.chance(settings.recoveryRate)) {
    return { ...abandoned, end: remindedAt ?? abandonedAt };
  }
  const clickedAt = remindedAt + rng.uniform(settings.delayDays.min, settings.delayDays.max) * DAY;
  messageClick(ctx, reminder, clickedAt, 'retargeting');
  const back = openSession(ctx, person, session.channel, session.device, session.journeyId);
  const started = checkout(ctx, back, clickedAt + pause(back, 30, 300), cartId, bought, unbought);
  const order = placeOrder(ctx, back, started.time + pause(back, 10, 60), started.priced);
  const fate = followOrder(ctx, order);
  return {
    outcome: 'purchased',
    end: order.at,
    cartId,
    order,
    cancelled: fate.cancelled,
    recovered: true,
  };
}
