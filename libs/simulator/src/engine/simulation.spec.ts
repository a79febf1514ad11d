import { validateEvent, type Channel } from '@omni/contracts';
import { identifierKey, identifierKeysOf } from '../ground-truth/identifier-key';
import type { GroundTruth, Totals } from '../ground-truth/ground-truth';
import { pairwiseScore } from '../identity-score/pairwise-score';
import { simulate, type LabelledEvent, type Simulation } from './simulation';
import type { SimulatedEvent } from './timeline';

// One shared run of just over 100,000 events (5,000 people over 30 days) backs the
// validation, statistics and totals specs; determinism uses a small population.
const LARGE = { seed: 11, people: 5000, days: 30 };
const SMALL = { seed: 3, people: 300, days: 10 };

let large: Simulation;
let labelled: LabelledEvent[];
let truth: GroundTruth;

beforeAll(() => {
  large = simulate(LARGE);
  labelled = [...large.labelledEvents()];
  truth = large.groundTruth();
}, 60_000);

describe('determinism', () => {
  it('the same seed gives identical events and ground truth', () => {
    const first = simulate(SMALL);
    const second = simulate(SMALL);
    expect([...second.events()]).toEqual([...first.events()]);
    expect(second.groundTruth()).toEqual(first.groundTruth());
  });

  it('a different seed gives different events', () => {
    const first = [...simulate(SMALL).events()].slice(0, 50);
    const other = [...simulate({ ...SMALL, seed: 4 }).events()].slice(0, 50);
    expect(other).not.toEqual(first);
  });

  it('ground truth computed without iterating equals the one from a full pass', () => {
    const passed = simulate(SMALL);
    for (const _event of passed.events());
    expect(simulate(SMALL).groundTruth()).toEqual(passed.groundTruth());
  });
});

describe('the event stream', () => {
  it('has at least 100,000 events and every one validates against the contracts', () => {
    expect(labelled.length).toBeGreaterThanOrEqual(100_000);
    const failures: string[] = [];
    for (const { event } of labelled) {
      const result = validateEvent(event);
      if (!result.ok && failures.length < 5) {
        const problems = result.errors.map((error) => `${error.path}: ${error.message}`);
        failures.push(`${event.type} ${event.eventId}: ${problems.join('; ')}`);
      }
    }
    expect(failures).toEqual([]);
  });

  // Plain checks in the loops, one expect at the end: 100,000 expect calls are slow.
  it('comes in occurredAt order, with unique ids, sentAt set and a connector per channel', () => {
    const ids = new Set<string>();
    const problems: string[] = [];
    let previous = 0;
    for (const { event } of labelled) {
      const occurred = Date.parse(event.occurredAt);
      if (occurred < previous) problems.push(`${event.eventId} out of order`);
      if (!(Date.parse(event.sentAt ?? '') >= occurred)) problems.push(`${event.eventId} sentAt`);
      if (event.connectorId !== `sim-${event.channel}`) problems.push(`${event.eventId} connector`);
      previous = occurred;
      ids.add(event.eventId);
    }
    expect(problems.slice(0, 5)).toEqual([]);
    expect(ids.size).toBe(labelled.length);
  });

  it('stays inside the simulated span', () => {
    const start = Date.parse('2025-06-01T00:00:00+08:00');
    const end = start + 30 * 24 * 3600 * 1000;
    expect(Date.parse(labelled[0].event.occurredAt)).toBeGreaterThanOrEqual(start);
    expect(Date.parse(labelled[labelled.length - 1].event.occurredAt)).toBeLessThan(end);
  });

  it('covers every event type a channel sends, except custom', () => {
    const types = new Set(labelled.map(({ event }) => event.type));
    expect([...types].sort()).toEqual(
      [
        'cart.item-added',
        'cart.item-removed',
        'checkout.started',
        'competitor.price-observed',
        'coupon.claimed',
        'customer.consent-updated',
        'customer.identified',
        'inventory.snapshot',
        'marketing.spend',
        'marketing.touch',
        'order.cancelled',
        'order.paid',
        'order.placed',
        'order.refunded',
        'page.viewed',
        'product.viewed',
        'review.submitted',
        'search.performed',
        'service.contacted',
        'store.visited',
      ].sort(),
    );
  });
});

/** Reads the first-touch source back from the first event of a journey. */
function firstTouchOf(event: SimulatedEvent): string {
  const campaign = event.context?.campaign;
  if (event.type === 'search.performed') return 'search';
  if (event.type === 'store.visited' || campaign?.medium === 'offline-referral') {
    return 'offline-referral';
  }
  if (event.type === 'marketing.touch' && campaign?.source === 'baidu') return 'search';
  if (['douyin', 'xiaohongshu', 'kuaishou', 'wechat'].includes(campaign?.source ?? '')) {
    return 'social';
  }
  return 'other';
}

interface JourneyView {
  first: SimulatedEvent;
  channelsToOrder: Set<Channel>;
  ordered: boolean;
  carted: boolean;
}

function journeysFromEvents(): Map<string, JourneyView> {
  const journeys = new Map<string, JourneyView>();
  for (const { event, journeyId } of labelled) {
    if (journeyId === undefined) continue;
    let view = journeys.get(journeyId);
    if (view === undefined) {
      view = { first: event, channelsToOrder: new Set(), ordered: false, carted: false };
      journeys.set(journeyId, view);
    }
    if (!view.ordered) view.channelsToOrder.add(event.channel);
    if (event.type === 'order.placed') view.ordered = true;
    if (event.type === 'cart.item-added') view.carted = true;
  }
  return journeys;
}

describe('statistical shape (DOMAIN-FACTS defaults)', () => {
  it('people own 2.6 devices on average (±0.3)', () => {
    const counts = [...truth.persons.values()].map((person) => person.devices.length);
    const mean = counts.reduce((sum, count) => sum + count, 0) / counts.length;
    expect(Math.abs(mean - 2.6)).toBeLessThanOrEqual(0.3);
  });

  it('76% (±5pp) of online orders are placed on mobile', () => {
    const online = labelled.filter(
      ({ event }) => event.type === 'order.placed' && event.channel !== 'pos',
    );
    const mobile = online.filter(({ event }) => event.context?.deviceType === 'mobile');
    expect(online.length).toBeGreaterThan(500);
    expect(Math.abs(mobile.length / online.length - 0.76)).toBeLessThanOrEqual(0.05);
  });

  it('first touches come from search 45%, social 30%, offline referral 15%, other 10% (±5pp)', () => {
    const journeys = journeysFromEvents();
    const counts: Record<string, number> = {};
    let total = 0;
    for (const journey of truth.journeys) {
      const view = journeys.get(journey.journeyId);
      if (journey.kind !== 'acquisition' || view === undefined) continue;
      const source = firstTouchOf(view.first);
      expect(source).toBe(journey.source);
      counts[source] = (counts[source] ?? 0) + 1;
      total += 1;
    }
    const expected = { search: 0.45, social: 0.3, 'offline-referral': 0.15, other: 0.1 };
    for (const [source, share] of Object.entries(expected)) {
      expect(Math.abs((counts[source] ?? 0) / total - share)).toBeLessThanOrEqual(0.05);
    }
  });

  it('most purchasing journeys (≥ 80%) use 3 to 5 channels before the order', () => {
    const journeys = journeysFromEvents();
    const complete = new Set(truth.journeys.filter((j) => j.complete).map((j) => j.journeyId));
    const sizes = [...journeys]
      .filter(([id, view]) => view.ordered && complete.has(id))
      .map(([, view]) => view.channelsToOrder.size);
    const inRange = sizes.filter((size) => size >= 3 && size <= 5).length;
    expect(sizes.length).toBeGreaterThan(500);
    expect(inRange / sizes.length).toBeGreaterThanOrEqual(0.8);
  });

  it('abandons a plausible share of carts (50–80%; about 70% is the industry norm)', () => {
    const journeys = journeysFromEvents();
    const complete = new Set(truth.journeys.filter((j) => j.complete).map((j) => j.journeyId));
    const carts = [...journeys].filter(([id, view]) => view.carted && complete.has(id));
    const abandoned = carts.filter(([, view]) => !view.ordered).length / carts.length;
    expect(abandoned).toBeGreaterThanOrEqual(0.5);
    expect(abandoned).toBeLessThanOrEqual(0.8);
  });

  it('about 65% (±10pp) of purchase decisions cross more than one device', () => {
    const bought = truth.journeys.filter((j) => j.complete && j.outcome === 'purchased');
    const crossing = bought.filter((journey) => journey.deviceIds.length > 1).length;
    expect(Math.abs(crossing / bought.length - 0.65)).toBeLessThanOrEqual(0.1);
  });
});

interface Recount {
  orders: number;
  gmv: Record<string, number>;
  buyerSet: Set<string>;
  productViews: number;
  cartAdds: number;
  checkouts: number;
}

function emptyTotals(): Recount {
  return { orders: 0, gmv: {}, buyerSet: new Set(), productViews: 0, cartAdds: 0, checkouts: 0 };
}

describe('ground truth', () => {
  it('totals per channel and day equal the totals recomputed from the emitted events', () => {
    const recomputed = new Map<string, Recount>();
    for (const { event, personId } of labelled) {
      const date = event.occurredAt.slice(0, 10);
      const key = `${date}|${event.channel}`;
      const totals = recomputed.get(key) ?? emptyTotals();
      recomputed.set(key, totals);
      if (event.type === 'product.viewed') totals.productViews += 1;
      if (event.type === 'cart.item-added') totals.cartAdds += 1;
      if (event.type === 'checkout.started') totals.checkouts += 1;
      if (event.type === 'order.placed') {
        totals.orders += 1;
        const { amount, currency } = event.payload.total;
        totals.gmv[currency] = (totals.gmv[currency] ?? 0) + amount;
        totals.buyerSet.add(personId ?? '');
      }
    }
    const pick = (totals: Totals | Recount) => ({
      orders: totals.orders,
      gmv: totals.gmv,
      productViews: totals.productViews,
      cartAdds: totals.cartAdds,
      checkouts: totals.checkouts,
    });
    let checked = 0;
    for (const day of truth.totals.byChannelDay) {
      const mine = recomputed.get(`${day.date}|${day.channel}`) ?? emptyTotals();
      expect(pick(day)).toEqual(pick(mine));
      expect(day.buyers).toBe(mine.buyerSet.size);
      checked += day.orders;
    }
    const orders = labelled.filter(({ event }) => event.type === 'order.placed').length;
    expect(checked).toBe(orders);
    expect(truth.totals.overall.orders).toBe(orders);
    const overallGmv = labelled.reduce(
      (sum, { event }) => (event.type === 'order.placed' ? sum + event.payload.total.amount : sum),
      0,
    );
    expect(truth.totals.overall.gmv).toEqual({ CNY: overallGmv });
  });

  it('knows whose every identifier in every event is, and the person owns it', () => {
    const ownedBy = new Map<string, Set<string>>();
    for (const person of truth.persons.values()) {
      ownedBy.set(person.personId, new Set(person.identifiers.map(identifierKey)));
    }
    const problems: string[] = [];
    for (const { event, personId } of labelled) {
      if (personId === undefined) continue;
      for (const key of identifierKeysOf(event)) {
        if (truth.identity.owners.get(key) !== personId) problems.push(`${key} owner`);
        if (ownedBy.get(personId)?.has(key) !== true) problems.push(`${key} not owned`);
      }
    }
    expect(problems.slice(0, 5)).toEqual([]);
  });

  it('links identifiers only within one person: linkable clusters score precision 1', () => {
    const { identifiedOwners, linkableClusters } = truth.identity;
    expect(identifiedOwners.size).toBeGreaterThan(0);
    const ceiling = pairwiseScore(linkableClusters, identifiedOwners);
    expect(ceiling.precision).toBe(1);
    expect(ceiling.recall).toBeGreaterThan(0.5);
    expect(pairwiseScore(identifiedOwners, identifiedOwners)).toMatchObject({
      precision: 1,
      recall: 1,
    });
  });

  it('gives people stable +86 mobile numbers and lower-case emails', () => {
    const problems: string[] = [];
    for (const person of truth.persons.values()) {
      const phones = person.identifiers.filter((id) => id.type === 'phone');
      if (phones.length !== 1 || !/^\+861[3-9][0-9]{9}$/.test(phones[0].value)) {
        problems.push(`${person.personId} phone`);
      }
      for (const email of person.identifiers.filter((id) => id.type === 'email')) {
        if (email.value !== email.value.toLowerCase()) problems.push(`${person.personId} email`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('A/B exposure', () => {
  it('gives each person one stable variant, only on the experiment’s channels and its exposure events, about half each', () => {
    const variantOf = new Map<string, string>();
    const wrongPlaces: string[] = [];
    const conflicts: string[] = [];
    for (const { event, personId } of labelled) {
      const variant = event.context?.experiments?.['checkout-button'];
      const exposing =
        personId !== undefined &&
        ['web', 'app', 'wechat-miniprogram'].includes(event.channel) &&
        [
          'page.viewed',
          'product.viewed',
          'cart.item-added',
          'checkout.started',
          'order.placed',
        ].includes(event.type);
      if (exposing !== (variant !== undefined))
        wrongPlaces.push(`${event.type} on ${event.channel}`);
      if (variant === undefined || personId === undefined) continue;
      const earlier = variantOf.get(personId);
      if (earlier !== undefined && earlier !== variant) conflicts.push(personId);
      variantOf.set(personId, variant);
    }
    expect(wrongPlaces.slice(0, 5)).toEqual([]);
    expect(conflicts.slice(0, 5)).toEqual([]);
    const treated = [...variantOf.values()].filter((variant) => variant === 'treatment').length;
    expect(variantOf.size).toBeGreaterThan(1_000);
    expect(treated / variantOf.size).toBeGreaterThan(0.45);
    expect(treated / variantOf.size).toBeLessThan(0.55);
  });
});
