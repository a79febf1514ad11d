import type { DownstreamEventOf } from '@omni/contracts';
import type { Entry, EntryRule, EntryRuleName, JourneySignal } from './entry-rule';

const DAY_MS = 86_400_000;

const eventOf = <
  T extends
    'order.paid' | 'order.placed' | 'cart.item-added' | 'product.viewed' | 'customer.identified',
>(
  signal: JourneySignal,
  type: T,
): DownstreamEventOf<T> | undefined =>
  signal.kind === 'event' && signal.envelope.type === type
    ? (signal.envelope as DownstreamEventOf<T>)
    : undefined;

const orderPaid: EntryRule = {
  name: 'order-paid',
  enters(signal) {
    const event = eventOf(signal, 'order.paid');
    if (!event) return [];
    return [
      {
        key: '',
        anchor: signal.occurredAt,
        orderId: event.payload.orderId,
        explanation: `order ${event.payload.orderId} was paid`,
      },
    ];
  },
};

const firstOrderPaid: EntryRule = {
  name: 'first-order-paid',
  enters(signal, facts) {
    if (signal.kind !== 'event' || !signal.firstOrder) return [];
    return orderPaid.enters(signal, facts).map((entry) => ({
      ...entry,
      explanation: `${entry.explanation}, the customer's first`,
    }));
  },
};

const cartItemAdded: EntryRule = {
  name: 'cart-item-added',
  enters(signal) {
    const event = eventOf(signal, 'cart.item-added');
    if (!event) return [];
    return [
      {
        key: '',
        anchor: signal.occurredAt,
        sku: event.payload.sku,
        explanation: `${event.payload.sku} was added to a cart`,
      },
    ];
  },
};

const productViewed: EntryRule = {
  name: 'product-viewed',
  enters(signal) {
    const event = eventOf(signal, 'product.viewed');
    if (!event) return [];
    return [
      {
        key: event.payload.sku,
        anchor: signal.occurredAt,
        sku: event.payload.sku,
        explanation: `${event.payload.sku} was viewed`,
      },
    ];
  },
};

const signedUp: EntryRule = {
  name: 'signed-up',
  enters(signal) {
    const event = eventOf(signal, 'customer.identified');
    if (event?.payload.method !== 'signup') return [];
    return [{ key: '', anchor: signal.occurredAt, explanation: 'the customer signed up' }];
  },
};

/** One formatter per time zone, made on first use: making one costs far more than formatting. */
function perTimeZone(make: (timeZone: string) => Intl.DateTimeFormat) {
  const made = new Map<string, Intl.DateTimeFormat>();
  return (timeZone: string): Intl.DateTimeFormat => {
    let format = made.get(timeZone);
    if (format === undefined) made.set(timeZone, (format = make(timeZone)));
    return format;
  };
}

const yearFormat = perTimeZone(
  (timeZone) => new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }),
);

const minuteFormat = perTimeZone(
  (timeZone) =>
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    }),
);

/** Local midnight of the next birthday on or after the event, in the brand's time zone. */
const localYear = (at: Date, timeZone: string): string => yearFormat(timeZone).format(at);

function nextBirthday(birthday: string, after: Date, timeZone: string): Date {
  const [, month, day] = birthday.split('-').map(Number);
  const year = Number(localYear(after, timeZone));
  for (const candidateYear of [year, year + 1, year + 2, year + 3, year + 4]) {
    // 29 February falls back to 28 February in other years.
    const validDay = Math.min(day, new Date(Date.UTC(candidateYear, month, 0)).getUTCDate());
    const midnight = zonedMidnight(candidateYear, month, validDay, timeZone);
    if (midnight.getTime() + DAY_MS > after.getTime()) return midnight;
  }
  throw new Error(`no birthday ${birthday} found after ${after.toISOString()}`);
}

/** The instant local midnight of a calendar day happens in `timeZone`. */
export function zonedMidnight(year: number, month: number, day: number, timeZone: string): Date {
  const utcGuess = Date.UTC(year, month - 1, day);
  const parts = minuteFormat(timeZone).formatToParts(new Date(utcGuess));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const asLocal = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return new Date(utcGuess - (asLocal - utcGuess));
}

const birthday: EntryRule = {
  name: 'birthday',
  enters(signal, facts) {
    const date =
      signal.kind === 'recurrence'
        ? signal.context.birthday
        : eventOf(signal, 'customer.identified')?.payload.traits?.birthday;
    if (typeof date !== 'string') return [];
    // After a birthday's instance completes, the next one starts from the day after it.
    const after =
      signal.kind === 'recurrence' ? new Date(signal.anchor.getTime() + DAY_MS) : signal.occurredAt;
    const anchor = nextBirthday(date, after, facts.timeZone);
    return [
      {
        key: localYear(anchor, facts.timeZone),
        anchor,
        context: { birthday: date },
        explanation: `birthday ${date.slice(5)}`,
      },
    ];
  },
};

const enteredChurn: EntryRule = {
  name: 'entered-churn',
  enters(signal) {
    if (signal.kind !== 'lifecycle' || !signal.stage.startsWith('churned')) return [];
    if (signal.previousStage?.startsWith('churned')) return [];
    return [
      {
        key: '',
        anchor: signal.occurredAt,
        context: {
          lifecycleStage: signal.stage,
          valueTier: signal.valueTier,
          churnReason: signal.churnReason,
          segments: signal.segments,
        },
        explanation: `the customer entered ${signal.stage}`,
      },
    ];
  },
};

const skuPurchased: EntryRule = {
  name: 'sku-purchased',
  enters(signal, facts) {
    const event = eventOf(signal, 'order.placed');
    if (!event) return [];
    const entries: Entry[] = [];
    for (const sku of new Set(event.payload.lines.map((line) => line.sku))) {
      const days = facts.replenishmentCycles.get(sku);
      if (days === undefined) continue;
      entries.push({
        key: sku,
        anchor: signal.occurredAt,
        orderId: event.payload.orderId,
        sku,
        cycleMs: days * DAY_MS,
        explanation: `${sku} lasts about ${days} days`,
      });
    }
    return entries;
  },
};

/** Every entry rule crm knows, by name; journey definitions pick theirs from here. */
export const DEFAULT_ENTRY_RULES: ReadonlyMap<EntryRuleName, EntryRule> = new Map(
  [
    orderPaid,
    firstOrderPaid,
    cartItemAdded,
    productViewed,
    signedUp,
    birthday,
    enteredChurn,
    skuPurchased,
  ].map((rule) => [rule.name, rule]),
);
