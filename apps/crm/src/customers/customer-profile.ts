import type { CustomerFact } from './customers.repository';
import {
  mergeTraits,
  type MergedTrait,
  type TraitObservation,
  type TraitStrategy,
  type TraitValue,
} from './trait-strategies';

export type MoneyTotal = { currency: string; amount: number };

export type ServiceContact = {
  at: string;
  channel: string | null;
  contactId: string;
  medium?: string;
  reason?: string;
  orderId?: string;
  resolved?: boolean;
  satisfaction?: number;
};

/** What the facts of one customer add up to; the same facts give the same profile in any arrival order. */
export type ProfileFold = {
  firstSeenAt: string | null;
  lastSeenAt: string | null;
  traits: Record<string, MergedTrait>;
  channels: { channel: string; firstSeenAt: string; lastSeenAt: string; events: number }[];
  orders: {
    count: number;
    paid: number;
    paidSpend: MoneyTotal[];
    refunds: number;
    refunded: MoneyTotal[];
    averageOrderValue: MoneyTotal[];
  };
  storeVisits: number;
  reviews: number;
  serviceContacts: ServiceContact[];
};

/**
 * What the facts of one customer add up to so far, kept on write (one row per customer) so a
 * read is one statement. Adding facts in any batches and any order gives the same state, so
 * `profileOf(addFacts(emptyFold(), facts))` is the fold of all the facts at once.
 */
export type FoldState = {
  firstSeenAt: string | null;
  lastSeenAt: string | null;
  channels: Record<string, { firstSeenAt: string; lastSeenAt: string; events: number }>;
  orderIds: string[];
  /** The first payment of each order by event time (then event key). */
  paidOrders: Record<string, { currency: string; amount: number; at: string; eventKey: string }>;
  refunds: number;
  refunded: Record<string, number>;
  storeVisits: number;
  reviews: number;
  /** In event-time order (then event key). */
  serviceContacts: (ServiceContact & { eventKey: string })[];
  /** Every observation: strategies are settings, applied when the profile is read. */
  traits: Record<string, { value: TraitValue; at: string; eventKey: string }[]>;
};

export const emptyFold = (): FoldState => ({
  firstSeenAt: null,
  lastSeenAt: null,
  channels: {},
  orderIds: [],
  paidOrders: {},
  refunds: 0,
  refunded: {},
  storeVisits: 0,
  reviews: 0,
  serviceContacts: [],
  traits: {},
});

// ISO 8601 UTC strings of one format order as their instants do.
const earlier = (a: { at: string; eventKey: string }, b: { at: string; eventKey: string }) =>
  a.at < b.at || (a.at === b.at && a.eventKey < b.eventKey);

/** Adds facts not yet in the state (each fact once: facts are recorded once per event). */
export function addFacts(state: FoldState, facts: readonly CustomerFact[]): FoldState {
  const orderIds = new Set(state.orderIds);
  const contacts = [...state.serviceContacts];
  for (const fact of facts) {
    const at = fact.occurredAt.toISOString();
    if (state.firstSeenAt === null || at < state.firstSeenAt) state.firstSeenAt = at;
    if (state.lastSeenAt === null || at > state.lastSeenAt) state.lastSeenAt = at;
    if (fact.channel !== null) {
      const seen = state.channels[fact.channel];
      if (seen === undefined)
        state.channels[fact.channel] = { firstSeenAt: at, lastSeenAt: at, events: 1 };
      else {
        if (at < seen.firstSeenAt) seen.firstSeenAt = at;
        if (at > seen.lastSeenAt) seen.lastSeenAt = at;
        seen.events += 1;
      }
    }
    if (fact.orderId !== null && fact.type.startsWith('order.')) orderIds.add(fact.orderId);
    switch (fact.type) {
      case 'order.paid': {
        if (fact.orderId === null) break;
        const payment = {
          currency: fact.currency ?? '',
          amount: fact.amount ?? 0,
          at,
          eventKey: fact.eventKey,
        };
        const held = state.paidOrders[fact.orderId];
        // One payment per order counts, the first by event time.
        if (held === undefined || earlier(payment, held)) state.paidOrders[fact.orderId] = payment;
        break;
      }
      case 'order.refunded':
        state.refunds += 1;
        state.refunded[fact.currency ?? ''] =
          (state.refunded[fact.currency ?? ''] ?? 0) + (fact.amount ?? 0);
        break;
      case 'store.visited':
        state.storeVisits += 1;
        break;
      case 'review.submitted':
        state.reviews += 1;
        break;
      case 'service.contacted':
        contacts.push({
          at,
          channel: fact.channel,
          ...(fact.data as { contactId: string }),
          ...(fact.orderId === null ? {} : { orderId: fact.orderId }),
          eventKey: fact.eventKey,
        });
        break;
      case 'customer.identified': {
        const given = (fact.data?.['traits'] ?? {}) as Record<string, TraitValue>;
        for (const [trait, value] of Object.entries(given)) {
          (state.traits[trait] ??= []).push({ value, at, eventKey: fact.eventKey });
        }
        break;
      }
    }
  }
  state.orderIds = [...orderIds].sort();
  state.serviceContacts = contacts.sort((a, b) => (earlier(a, b) ? -1 : earlier(b, a) ? 1 : 0));
  return state;
}

const addTo = (totals: Map<string, number>, currency: string, amount: number) =>
  totals.set(currency, (totals.get(currency) ?? 0) + amount);

const byCurrency = (totals: Map<string, number>): MoneyTotal[] =>
  [...totals]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([currency, amount]) => ({ currency, amount }));

export function foldProfile(
  facts: readonly CustomerFact[],
  strategies: Readonly<Record<string, TraitStrategy>>,
): ProfileFold {
  return profileOf(addFacts(emptyFold(), facts), strategies);
}

/** Names the strategies a kept view was merged by: equal settings, equal keys. */
export const strategiesKey = (strategies: Readonly<Record<string, TraitStrategy>>): string =>
  JSON.stringify(Object.entries(strategies).sort(([a], [b]) => (a < b ? -1 : 1)));

/** The profile a fold state stands for, traits merged by their strategies. */
export function profileOf(
  state: FoldState,
  strategies: Readonly<Record<string, TraitStrategy>>,
): ProfileFold {
  const spend = new Map<string, number>();
  const paidCount = new Map<string, number>();
  for (const { currency, amount } of Object.values(state.paidOrders)) {
    addTo(spend, currency, amount);
    addTo(paidCount, currency, 1);
  }
  const traits = new Map<string, TraitObservation[]>(
    Object.entries(state.traits).map(([trait, observations]) => [
      trait,
      observations.map((o) => ({ value: o.value, at: new Date(o.at), eventKey: o.eventKey })),
    ]),
  );
  return {
    firstSeenAt: state.firstSeenAt,
    lastSeenAt: state.lastSeenAt,
    traits: mergeTraits(traits, strategies),
    channels: Object.entries(state.channels)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([channel, seen]) => ({ channel, ...seen })),
    orders: {
      count: state.orderIds.length,
      paid: Object.keys(state.paidOrders).length,
      paidSpend: byCurrency(spend),
      refunds: state.refunds,
      refunded: byCurrency(new Map(Object.entries(state.refunded))),
      // Rounded once, to the nearest minor unit.
      averageOrderValue: byCurrency(spend).map(({ currency, amount }) => ({
        currency,
        amount: Math.round(amount / (paidCount.get(currency) ?? 1)),
      })),
    },
    storeVisits: state.storeVisits,
    reviews: state.reviews,
    serviceContacts: state.serviceContacts.map(({ eventKey: _key, ...contact }) => contact),
  };
}
