import type { SimulationContext } from '../engine/simulation-context';
import { followOrder, placeOrder } from '../orders/order-lifecycle.generator';
import { priceOrder, type OrderItem } from '../orders/order.builder';
import { own, type PersonState } from '../people/person';
import { registerMember } from '../sessions/identification';
import { emitIn, identifiersFor, openSession, pause } from '../sessions/session';
import { DAY, SECOND } from '../time/sim-time';

export interface StoreVisitOptions {
  readonly journeyId: string | undefined;
  readonly purchase: boolean;
}

/**
 * A visit to the person's home store. Without a loyalty card the store knows the person by the
 * phone they log into the store Wi-Fi with, and may sign them up (loyalty-scan links card,
 * phone and member id). Returns the time the person leaves.
 */
export function visitStore(
  ctx: SimulationContext,
  person: PersonState,
  at: number,
  options: StoreVisitOptions,
): number {
  const rng = person.rng;
  const store = person.homeStore;
  const session = openSession(ctx, person, 'pos', undefined, options.journeyId, {
    deviceType: 'pos',
    storeId: store.id,
    locale: ctx.config.locale,
  });
  const duration = rng.int(8, 60) * 60;
  const hadCard = person.loyaltyCard !== undefined;
  emitIn(ctx, session, at, 'store.visited', {
    storeId: store.id,
    detectedBy: hadCard ? rng.pick(['check-in', 'beacon', 'pos'] as const) : 'wifi',
    durationSeconds: duration,
  });
  let time = at + pause(session, 60, 600);
  if (!hadCard && rng.chance(ctx.config.store.loyaltySignupShare)) {
    person.loyaltyCard = own(person, 'loyaltyCard', ctx.ids.loyaltyCard(person.index));
    const memberId = registerMember(ctx, person, time);
    session.identifiers = { loyaltyCard: person.loyaltyCard, phone: person.phone, memberId };
    emitIn(ctx, session, time, 'customer.identified', { method: 'loyalty-scan' });
    session.identifiers = identifiersFor(ctx, person, 'pos', undefined);
    time += pause(session, 30, 300);
  }
  if (options.purchase) {
    const category = rng.pick(ctx.catalogue.categories);
    const products = rng.shuffled(ctx.catalogue.inCategory(category)).slice(0, rng.int(1, 2));
    const items: OrderItem[] = products.map((product) => ({
      product,
      quantity: rng.chance(ctx.config.orders.quantityTwoShare) ? 2 : 1,
      unitPrice: ctx.catalogue.price(product, 'pos'),
    }));
    const priced = priceOrder(
      items,
      { currency: ctx.config.currency, freeShippingThreshold: 0, shippingFee: 0 },
      undefined,
    );
    followOrder(ctx, placeOrder(ctx, session, time, priced, store.id));
  }
  return Math.max(time, at + duration * SECOND);
}

/** A store shopper's visits form a Poisson process during opening hours. */
export function nextStoreVisitTime(
  ctx: SimulationContext,
  person: PersonState,
  after: number,
): number {
  const rate = ctx.config.store.visitsPer30Days;
  if (rate <= 0) return Number.POSITIVE_INFINITY;
  const approximate = after + person.rng.exponential(30 / rate) * DAY;
  const day = ctx.time.dayIndex(approximate);
  const time = ctx.time.dayStart(day) + ctx.hours.store.sample(person.rng);
  return time > after ? time : time + DAY;
}
