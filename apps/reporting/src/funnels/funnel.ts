export const FUNNEL_MODES = ['ordered', 'strict', 'any-order'] as const;
export type FunnelMode = (typeof FUNNEL_MODES)[number];

/** One step: any of its event types, with property values the event must carry. */
export type FunnelStep = {
  types: readonly string[];
  where?: Readonly<Record<string, string | number | boolean>>;
  channels?: readonly string[];
};

/** A stored event of one customer, as funnels read it. */
export type PathEvent = {
  type: string;
  /** Epoch milliseconds. */
  at: number;
  channel: string;
  campaignId: string;
  properties: Readonly<Record<string, unknown>>;
};

export type FunnelOptions = {
  mode: FunnelMode;
  windowMs: number;
  /** The first step must happen in [from, to); later steps may run past `to` within the window. */
  from: Date;
  to: Date;
};

/**
 * Customers' events as the funnel walks them, customer after customer, each one's by time:
 * the time of each and the steps it matches (bit k: step k; steps are at most 10).
 */
export type StepPaths = {
  /** Epoch milliseconds. */
  at: Float64Array;
  matched: Int32Array;
  /** Customer c's events are [bounds[c], bounds[c + 1]). */
  bounds: Int32Array;
  channelOf(event: number): string;
  campaignOf(event: number): string;
};

/** How far one customer got, and the event that started their best attempt (−1: none). */
export type CustomerProgress = { depth: number; start: number };

function valueAt(properties: Readonly<Record<string, unknown>>, path: string): unknown {
  let value: unknown = properties;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

export function matches(step: FunnelStep, event: PathEvent): boolean {
  if (!step.types.includes(event.type)) return false;
  if (step.channels !== undefined && !step.channels.includes(event.channel)) return false;
  if (step.where === undefined) return true;
  return Object.entries(step.where ?? {}).every(
    ([path, expected]) => valueAt(event.properties, path) === expected,
  );
}

/** Paths of customers' events (each customer's by time), with the steps each event matches. */
export function stepPathsOf(
  customers: readonly (readonly PathEvent[])[],
  steps: readonly FunnelStep[],
): StepPaths {
  const events = customers.flat();
  const bounds = new Int32Array(customers.length + 1);
  customers.forEach((path, c) => (bounds[c + 1] = bounds[c] + path.length));
  return {
    at: Float64Array.from(events, (event) => event.at),
    matched: Int32Array.from(events, (event) =>
      steps.reduce((mask, step, k) => (matches(step, event) ? mask | (1 << k) : mask), 0),
    ),
    bounds,
    channelOf: (i) => events[i].channel,
    campaignOf: (i) => events[i].campaignId,
  };
}

/**
 * How many of `stepCount` steps each customer completed: the best attempt over every start (an
 * event of the first step in range; for any-order, of any step).
 * - ordered: each next step happens after the previous one, other events in between allowed;
 * - strict: each next step is the customer's very next event;
 * - any-order: the steps happen in any order, each counted once.
 * Every step falls within the window from the start.
 */
export function progressOf(
  paths: StepPaths,
  stepCount: number,
  options: FunnelOptions,
): CustomerProgress[] {
  const scratch = { next: new Int32Array(0) };
  return Array.from({ length: paths.bounds.length - 1 }, (_, c) =>
    progressOfOne(paths, c, stepCount, options, scratch),
  );
}

function progressOfOne(
  paths: StepPaths,
  c: number,
  stepCount: number,
  options: FunnelOptions,
  scratch: { next: Int32Array },
): CustomerProgress {
  const { at, matched } = paths;
  const begin = paths.bounds[c];
  const end = paths.bounds[c + 1];
  let best: CustomerProgress = { depth: 0, start: -1 };
  const next =
    options.mode === 'ordered' ? nextMatches(matched, begin, end, stepCount, scratch) : undefined;
  const from = options.from.getTime();
  const to = options.to.getTime();
  for (let s = begin; s < end && best.depth < stepCount; s++) {
    if (at[s] < from || at[s] >= to) continue;
    const until = at[s] + options.windowMs;
    let depth = 0;
    if (options.mode === 'any-order') {
      if (matched[s] === 0) continue;
      // Each event completes the first step it matches that is not done yet.
      let done = 0;
      for (let i = s; i < end && at[i] <= until; i++) {
        const open = matched[i] & ~done;
        done |= open & -open;
      }
      for (; done !== 0; done &= done - 1) depth += 1;
    } else if (next !== undefined) {
      if ((matched[s] & 1) === 0) continue;
      // Greedy: each step at the earliest matching event after the previous one, within the window.
      depth = 1;
      for (let i = s; depth < stepCount; depth++) {
        const j = next[depth * (end - begin + 1) + i + 1 - begin];
        if (j < 0 || at[j] > until) break;
        i = j;
      }
    } else {
      if ((matched[s] & 1) === 0) continue;
      depth = 1;
      for (let i = s + 1; i < end && depth < stepCount; i++) {
        if (at[i] > until) break;
        if ((matched[i] & (1 << depth)) !== 0) depth += 1;
        else break;
      }
    }
    if (depth > best.depth) best = { depth, start: s };
  }
  return best;
}

/**
 * For step k and event i of [begin, end), at k × (end − begin + 1) + (i − begin): the first event
 * at or after i matching step k (−1: none). In `scratch`, grown as needed, reused per customer.
 */
function nextMatches(
  matched: Int32Array,
  begin: number,
  end: number,
  stepCount: number,
  scratch: { next: Int32Array },
): Int32Array {
  const width = end - begin + 1;
  if (scratch.next.length < stepCount * width) scratch.next = new Int32Array(2 * stepCount * width);
  const next = scratch.next;
  for (let k = 0; k < stepCount; k++) next[k * width + width - 1] = -1;
  for (let k = 0; k < stepCount; k++) {
    const row = k * width;
    for (let i = end - 1; i >= begin; i--)
      next[row + i - begin] = (matched[i] & (1 << k)) !== 0 ? i : next[row + i + 1 - begin];
  }
  return next;
}

/** Customers who completed at least k + 1 steps, per step k. */
export function stepCounts(
  progress: readonly Pick<CustomerProgress, 'depth'>[],
  stepCount: number,
): number[] {
  const counts = new Array<number>(stepCount).fill(0);
  for (const { depth } of progress) for (let k = 0; k < depth; k++) counts[k] += 1;
  return counts;
}
