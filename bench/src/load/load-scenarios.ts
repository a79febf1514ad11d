import { simulate, type SimulatedEvent } from '@omni/simulator';

/** A named kind of traffic for `npm run load --scenario <name>`: a simulator set-up and a filter. */
export type LoadScenario = {
  readonly name: string;
  readonly description: string;
  readonly include: (event: SimulatedEvent) => boolean;
};

const personal = (event: SimulatedEvent) =>
  Object.values(event.identifiers).some((value) => value !== undefined);
const ORDER_TYPES = new Set<string>([
  'checkout.started',
  'order.placed',
  'order.paid',
  'order.cancelled',
  'order.refunded',
]);

export const LOAD_SCENARIOS = {
  omnichannel: {
    name: 'omnichannel',
    description: 'every simulated event: journeys, stores, marketing and reference feeds',
    include: () => true,
  },
  shoppers: {
    name: 'shoppers',
    description: 'only events about a person (no stock, competitor or spend feeds)',
    include: personal,
  },
  orders: {
    name: 'orders',
    description: 'checkouts and order lifecycle events only',
    include: (event) => ORDER_TYPES.has(event.type),
  },
} as const satisfies Record<string, LoadScenario>;

export type LoadScenarioName = keyof typeof LOAD_SCENARIOS;
export const LOAD_SCENARIO_NAMES = Object.keys(LOAD_SCENARIOS) as LoadScenarioName[];

export type EventSourceOptions = {
  readonly seed: number;
  readonly people: number;
  readonly days: number;
  /** Default: `days` days before today (UTC), so every event is inside ingest's past window. */
  readonly startDate?: string;
  readonly scenario?: LoadScenarioName;
};

/** The first simulated day such that a span of `days` ends today. */
export function recentStartDate(days: number, now = new Date()): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * An endless stream of simulated events: when one simulation is used up the next seed follows,
 * with new people, identifiers and event ids, so nothing repeats and nothing is a duplicate.
 */
export function* endlessEvents(
  options: EventSourceOptions,
): Generator<SimulatedEvent, never, undefined> {
  const scenario = LOAD_SCENARIOS[options.scenario ?? 'omnichannel'];
  const startDate = options.startDate ?? recentStartDate(options.days);
  for (let seed = options.seed; ; seed++) {
    let produced = 0;
    for (const event of simulate({
      seed,
      people: options.people,
      days: options.days,
      startDate,
    }).events()) {
      if (!scenario.include(event)) continue;
      produced += 1;
      yield event;
    }
    if (produced === 0)
      throw new Error(
        `scenario ${scenario.name} produced no events for seed ${seed}: use more people or days`,
      );
  }
}

/** The first `count` events of the endless stream, for scenarios that prepare before timing. */
export function takeEvents(count: number, options: EventSourceOptions): SimulatedEvent[] {
  const events: SimulatedEvent[] = [];
  for (const event of endlessEvents(options)) {
    if (events.length >= count) break;
    events.push(event);
  }
  return events;
}
