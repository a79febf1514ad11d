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

/** How far one customer got, and the event that started their best attempt. */
export type CustomerProgress = { depth: number; start: PathEvent | null };

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

/**
 * How many steps one customer completed, over their events sorted by time: the best attempt
 * over every start (an event of the first step in range; for any-order, of any step).
 * - ordered: each next step happens after the previous one, other events in between allowed;
 * - strict: each next step is the customer's very next event;
 * - any-order: the steps happen in any order, each counted once.
 * Every step falls within the window from the start.
 */
export function progressOf(
  events: readonly PathEvent[],
  steps: readonly FunnelStep[],
  options: FunnelOptions,
): CustomerProgress {
  let best: CustomerProgress = { depth: 0, start: null };
  const next = options.mode === 'ordered' ? nextMatches(events, steps) : undefined;
  const from = options.from.getTime();
  const to = options.to.getTime();
  for (let s = 0; s < events.length && best.depth < steps.length; s++) {
    const start = events[s];
    if (start.at < from || start.at >= to) continue;
    const end = start.at + options.windowMs;
    let depth = 0;
    if (options.mode === 'any-order') {
      const done = new Set<number>();
      for (let i = s; i < events.length && events[i].at <= end; i++) {
        const step = steps.findIndex(
          (candidate, k) => !done.has(k) && matches(candidate, events[i]),
        );
        if (i === s && step === -1) break;
        if (step !== -1) done.add(step);
      }
      depth = done.size;
    } else if (next !== undefined) {
      if (!matches(steps[0], start)) continue;
      // Greedy: each step at the earliest matching event after the previous one, within the window.
      depth = 1;
      for (let at = s; depth < steps.length; depth++) {
        const i = next[depth][at + 1];
        if (i < 0 || events[i].at > end) break;
        at = i;
      }
    } else {
      if (!matches(steps[0], start)) continue;
      depth = 1;
      for (let i = s + 1; i < events.length && depth < steps.length; i++) {
        if (events[i].at > end) break;
        if (matches(steps[depth], events[i])) depth += 1;
        else if (options.mode === 'strict') break;
      }
    }
    if (depth > best.depth) best = { depth, start };
  }
  return best;
}

/** For each step k and index i, the index of the first event at or after i matching step k (−1: none). */
function nextMatches(events: readonly PathEvent[], steps: readonly FunnelStep[]): Int32Array[] {
  return steps.map((step) => {
    const next = new Int32Array(events.length + 1).fill(-1);
    for (let i = events.length - 1; i >= 0; i--)
      next[i] = matches(step, events[i]) ? i : next[i + 1];
    return next;
  });
}

/** Customers who completed at least k + 1 steps, per step k. */
export function stepCounts(progress: readonly CustomerProgress[], stepCount: number): number[] {
  const counts = new Array<number>(stepCount).fill(0);
  for (const { depth } of progress) for (let k = 0; k < depth; k++) counts[k] += 1;
  return counts;
}
