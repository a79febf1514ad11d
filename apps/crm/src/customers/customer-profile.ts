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
  const sorted = [...facts].sort(
    (a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || (a.eventKey < b.eventKey ? -1 : 1),
  );
  const traits = new Map<string, TraitObservation[]>();
  const channels = new Map<string, { first: Date; last: Date; events: number }>();
  const orderIds = new Set<string>();
  const paidOrders = new Map<string, { currency: string; amount: number }>();
  const refunded = new Map<string, number>();
  let refunds = 0;
  let storeVisits = 0;
  let reviews = 0;
  const contacts: ServiceContact[] = [];
  for (const fact of sorted) {
    if (fact.channel !== null) {
      const seen = channels.get(fact.channel);
      if (seen === undefined)
        channels.set(fact.channel, { first: fact.occurredAt, last: fact.occurredAt, events: 1 });
      else Object.assign(seen, { last: fact.occurredAt, events: seen.events + 1 });
    }
    if (fact.orderId !== null && fact.type.startsWith('order.')) orderIds.add(fact.orderId);
    switch (fact.type) {
      case 'order.paid':
        // One payment per order counts, the first by event time.
        if (fact.orderId !== null && !paidOrders.has(fact.orderId)) {
          paidOrders.set(fact.orderId, { currency: fact.currency ?? '', amount: fact.amount ?? 0 });
        }
        break;
      case 'order.refunded':
        refunds += 1;
        addTo(refunded, fact.currency ?? '', fact.amount ?? 0);
        break;
      case 'store.visited':
        storeVisits += 1;
        break;
      case 'review.submitted':
        reviews += 1;
        break;
      case 'service.contacted':
        contacts.push({
          at: fact.occurredAt.toISOString(),
          channel: fact.channel,
          ...(fact.data as { contactId: string }),
          ...(fact.orderId === null ? {} : { orderId: fact.orderId }),
        });
        break;
      case 'customer.identified': {
        const given = (fact.data?.['traits'] ?? {}) as Record<string, TraitValue>;
        for (const [trait, value] of Object.entries(given)) {
          const list = traits.get(trait) ?? [];
          list.push({ value, at: fact.occurredAt, eventKey: fact.eventKey });
          traits.set(trait, list);
        }
        break;
      }
    }
  }
  const spend = new Map<string, number>();
  const paidCount = new Map<string, number>();
  for (const { currency, amount } of paidOrders.values()) {
    addTo(spend, currency, amount);
    addTo(paidCount, currency, 1);
  }
  return {
    firstSeenAt: sorted[0]?.occurredAt.toISOString() ?? null,
    lastSeenAt: sorted[sorted.length - 1]?.occurredAt.toISOString() ?? null,
    traits: mergeTraits(traits, strategies),
    channels: [...channels]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([channel, seen]) => ({
        channel,
        firstSeenAt: seen.first.toISOString(),
        lastSeenAt: seen.last.toISOString(),
        events: seen.events,
      })),
    orders: {
      count: orderIds.size,
      paid: paidOrders.size,
      paidSpend: byCurrency(spend),
      refunds,
      refunded: byCurrency(refunded),
      // Rounded once, to the nearest minor unit.
      averageOrderValue: byCurrency(spend).map(({ currency, amount }) => ({
        currency,
        amount: Math.round(amount / (paidCount.get(currency) ?? 1)),
      })),
    },
    storeVisits,
    reviews,
    serviceContacts: contacts,
  };
}
