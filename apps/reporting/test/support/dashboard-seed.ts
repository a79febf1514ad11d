import { AlertsService } from '../../src/alerts/alerts.service';
import {
  cny,
  placed,
  resolved,
  serviceEvent,
  type Reporting,
  type TestEvent,
} from './reporting-harness';

export const SEED_START = '2026-03-02';
const DAY_MS = 86_400_000;

export type SeedOptions = {
  /** Days of activity from SEED_START. */
  days: number;
  /** Customers per channel; the same people come back every day. */
  customers: Record<string, number>;
};

const at = (day: number, hour: number, minute: number) =>
  new Date(
    Date.parse(`${SEED_START}T00:00:00Z`) + day * DAY_MS + (hour * 60 + minute) * 60_000,
  ).toISOString();

// The warehouse's stock each morning (never below zero): the two SKUs orders carry, one that
// never sells, one gone.
const STOCK: Record<string, (day: number) => number> = {
  'LUM-SERUM-50ML': (day) => Math.max(0, 300 - 10 * day),
  'LUM-CREAM-30ML': (day) => Math.max(0, 120 - 8 * day),
  'LUM-TONER-200ML': () => 40,
  'LUM-MASK-5P': () => 0,
};

// Ad spend per customer per day (CNY minor units): channels differ in what a customer costs.
const SPEND_PER_CUSTOMER: Record<string, number> = { web: 1_500, tmall: 2_000, douyin: 3_000 };

/**
 * Shoppers on several channels, enough for every panel of the dashboard. Each channel's
 * customers come back every day; of every five, three buy on alternate days, one fills a cart
 * and leaves, one only browses. A third of them saw a Xiaohongshu note the day before, so
 * attribution paths cross channels. Page views and orders carry an A/B test on the checkout
 * button; each channel spends on its campaign daily. Some answer a satisfaction survey or call
 * service each day; the warehouse reports its stock of four SKUs every morning. Deterministic, so
 * a figure can be checked against the API.
 */
export function seedEvents(options: SeedOptions): TestEvent[] {
  const events: TestEvent[] = [];
  for (let day = 0; day < options.days; day++) {
    for (const [sku, onHand] of Object.entries(STOCK)) {
      events.push({
        ...resolved('inventory.snapshot', 'unused', {
          channel: 'web',
          at: at(day, 6, 0),
          exactPayload: { sku, warehouseId: 'WH-EAST', onHand: onHand(day), reserved: 0 },
        }),
        customerId: undefined,
      } as TestEvent);
    }
    for (const [channel, count] of Object.entries(options.customers)) {
      const on = { channel, campaignId: `${channel}-spring` };
      events.push({
        ...resolved('marketing.spend', 'unused', { ...on, at: at(day, 23, 0) }),
        customerId: undefined,
        payload: {
          date: at(day, 0, 0).slice(0, 10),
          campaignId: on.campaignId,
          source: channel,
          medium: 'cpc',
          cost: cny((SPEND_PER_CUSTOMER[channel] ?? 1_000) * count),
        },
      } as TestEvent);
      for (let i = 0; i < count; i++) {
        const customer = `seed-${channel}-${i}`;
        const experiments = { 'checkout-button': i % 2 === 0 ? 'control' : 'treatment' };
        const minute = i % 50;
        const role = i % 5 === 4 ? 'browser' : i % 5 === 3 ? 'abandoner' : 'buyer';
        if (i % 3 === 0 && day > 0) {
          events.push(
            resolved('marketing.touch', customer, {
              channel: 'xiaohongshu',
              at: at(day - 1, 20, minute),
              payload: {
                touchType: 'view',
                campaignId: 'kol-notes',
                source: 'xiaohongshu',
                medium: 'kol-note',
              },
            }),
          );
        }
        events.push(
          resolved('marketing.touch', customer, {
            ...on,
            at: at(day, 8, minute),
            payload: {
              touchType: 'click',
              campaignId: on.campaignId,
              source: channel,
              medium: 'cpc',
            },
          }),
          resolved('page.viewed', customer, { ...on, experiments, at: at(day, 9, minute) }),
        );
        if (i % 5 === 0) {
          events.push(
            resolved('survey.answered', customer, {
              ...on,
              at: at(day, 12, minute),
              exactPayload: { satisfaction: 3 + ((i + day) % 3), surveyId: 'CSAT-AFTER-ORDER' },
            }),
          );
        }
        if (i % 3 === 1) {
          events.push(
            resolved('service.contacted', customer, {
              ...on,
              at: at(day, 14, minute),
              exactPayload: { contactId: `seed-ct-${channel}-${day}-${i}`, medium: 'chat' },
            }),
          );
        }
        if (role === 'browser') continue;
        events.push(resolved('product.viewed', customer, { ...on, at: at(day, 9, minute + 1) }));
        if ((i + day) % 2 !== 0) continue;
        events.push(resolved('cart.item-added', customer, { ...on, at: at(day, 9, minute + 2) }));
        if (role === 'abandoner') continue;
        events.push(
          placed(customer, `seed-o-${channel}-${day}-${i}`, 10_000 + 1_000 * (i % 7) + 100 * day, {
            ...on,
            experiments,
            at: at(day, 9, minute + 3),
          }),
        );
      }
    }
  }
  return events;
}

/**
 * promotions' side of the seed: every customer is offered the spring coupon on the first day,
 * and the orders of that day redeem it (1,000 off each).
 */
export function seedPromotionEvents(options: SeedOptions): TestEvent[] {
  const events: TestEvent[] = [];
  for (const [channel, count] of Object.entries(options.customers)) {
    for (let i = 0; i < count; i++) {
      const customer = `seed-${channel}-${i}`;
      const code = `SPRING-${channel}-${i}`;
      events.push(
        serviceEvent('offer.issued', customer, at(0, 7, 0), {
          offerId: `seed-offer-${channel}-${i}`,
          campaignId: 'spring-coupon',
          reason: 'segment',
          couponCode: code,
          validFrom: at(0, 7, 0),
        }),
      );
      // The buyers of the first day, as seedEvents places their orders.
      if (i % 5 < 3 && i % 2 === 0) {
        const orderId = `seed-o-${channel}-0-${i}`;
        events.push(
          serviceEvent('redemption.recorded', customer, at(0, 9, (i % 50) + 3), {
            redemptionId: `seed-red-${orderId}`,
            orderId,
            campaignId: 'spring-coupon',
            couponCode: code,
            discount: cny(1_000),
          }),
        );
      }
    }
  }
  return events;
}

/** Sends the seed through Kafka, waits until reporting applied it, then decides and alerts. */
export async function seedDashboard(reporting: Reporting, options: SeedOptions): Promise<void> {
  const events = seedEvents(options);
  await reporting.send(reporting.topics.resolvedEvents, ...events);
  await reporting.applied(...events);
  const promotions = seedPromotionEvents(options);
  const offers = promotions.filter((event) => event.type === 'offer.issued');
  const redemptions = promotions.filter((event) => event.type !== 'offer.issued');
  await reporting.send(reporting.topics.offers, ...offers);
  await reporting.send(reporting.topics.redemptions, ...redemptions);
  await reporting.applied(...promotions);
  const weeks = Math.ceil(options.days / 7);
  const periodEnd = new Date(Date.parse(`${SEED_START}T00:00:00Z`) + weeks * 7 * DAY_MS)
    .toISOString()
    .slice(0, 10);
  const decided = await reporting.post('/v1/channel-decisions/run', { periodEnd });
  if (decided.status !== 200) throw new Error(`channel decisions: ${JSON.stringify(decided.body)}`);
  const rule = await reporting.post('/v1/alerts/rules', {
    kind: 'threshold',
    name: 'Web orders above 1 an hour',
    metric: 'orders',
    interval: 'hour',
    channel: 'web',
    comparator: 'above',
    threshold: 1,
    cooldownMinutes: 0,
  });
  if (rule.status !== 201) throw new Error(`alert rule: ${JSON.stringify(rule.body)}`);
  await reporting.app.get(AlertsService).evaluate(new Date(at(0, 10, 30)));
}
