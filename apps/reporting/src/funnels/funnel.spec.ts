import fc from 'fast-check';
import {
  matches,
  progressOf as progressOfPaths,
  stepCounts,
  stepPathsOf,
  FUNNEL_MODES,
  type FunnelMode,
  type FunnelOptions,
  type FunnelStep,
  type PathEvent,
} from './funnel';

/** One customer's progress, and the event that started it. */
const progressOf = (events: PathEvent[], steps: FunnelStep[], options: FunnelOptions) => {
  const [{ depth, start }] = progressOfPaths(stepPathsOf([events], steps), steps.length, options);
  return { depth, start: start === -1 ? null : events[start] };
};

const at = (minute: number) => new Date(Date.UTC(2026, 4, 1, 10, minute));
const ev = (type: string, minute: number, properties: Record<string, unknown> = {}): PathEvent => ({
  type,
  at: at(minute).getTime(),
  channel: 'web',
  campaignId: '',
  properties,
});
const steps = [{ types: ['A'] }, { types: ['B'] }, { types: ['C'] }];
const options = (mode: FunnelMode) => ({
  mode,
  windowMs: 30 * 60_000,
  from: at(0),
  to: at(60),
});

// Hand-worked people (minutes after 10:00; window 30 minutes from the first step):
const people: Record<string, PathEvent[]> = {
  inOrder: [ev('A', 1), ev('B', 2), ev('C', 3)],
  detour: [ev('A', 1), ev('X', 2), ev('B', 3), ev('C', 4)],
  shuffled: [ev('B', 1), ev('A', 2), ev('C', 3)],
  tooSlow: [ev('A', 1), ev('B', 2), ev('C', 45)],
  never: [ev('X', 1), ev('X', 2)],
};

describe('funnel progress', () => {
  const depths = (mode: FunnelMode) =>
    Object.fromEntries(
      Object.entries(people).map(([name, events]) => [
        name,
        progressOf(events, steps, options(mode)).depth,
      ]),
    );

  it('ordered: steps in order, other events in between allowed', () => {
    expect(depths('ordered')).toEqual({ inOrder: 3, detour: 3, shuffled: 1, tooSlow: 2, never: 0 });
  });

  it('strict: each step is the very next event', () => {
    expect(depths('strict')).toEqual({ inOrder: 3, detour: 1, shuffled: 1, tooSlow: 2, never: 0 });
  });

  it('any-order: steps in any order within the window', () => {
    expect(depths('any-order')).toEqual({
      inOrder: 3,
      detour: 3,
      shuffled: 3,
      tooSlow: 2,
      never: 0,
    });
  });

  it('counts per step: ordered 4 / 3 / 2, strict 4 / 2 / 1, any-order 4 / 4 / 3', () => {
    const counts = (mode: FunnelMode) =>
      stepCounts(
        Object.values(people).map((events) => progressOf(events, steps, options(mode))),
        3,
      );
    expect(counts('ordered')).toEqual([4, 3, 2]);
    expect(counts('strict')).toEqual([4, 2, 1]);
    expect(counts('any-order')).toEqual([4, 4, 3]);
  });

  it('takes the best attempt: a later start that gets further wins', () => {
    const events = [ev('A', 1), ev('A', 40), ev('B', 41), ev('C', 42)];
    const progress = progressOf(events, steps, options('ordered'));
    expect(progress.depth).toBe(3);
    expect(progress.start?.at).toBe(at(40).getTime());
  });

  it('the first step must start in range; later steps may run past its end within the window', () => {
    expect(progressOf([ev('A', 59), ev('B', 70)], steps, options('ordered')).depth).toBe(2);
    expect(progressOf([ev('A', 61), ev('B', 62)], steps, options('ordered')).depth).toBe(0);
  });

  it('a step with property filters matches only events carrying those values (dotted paths too)', () => {
    const filtered = [
      { types: ['A'] },
      { types: ['B'], where: { sku: 'SERUM', 'price.currency': 'CNY' } },
    ];
    const opts = options('ordered');
    expect(
      progressOf(
        [ev('A', 1), ev('B', 2, { sku: 'CREAM', price: { currency: 'CNY' } })],
        filtered,
        opts,
      ).depth,
    ).toBe(1);
    expect(
      progressOf(
        [ev('A', 1), ev('B', 2, { sku: 'SERUM', price: { currency: 'CNY' } })],
        filtered,
        opts,
      ).depth,
    ).toBe(2);
  });

  it('a step may be any of several event types', () => {
    const either = [{ types: ['A', 'X'] }, { types: ['B'] }];
    expect(progressOf([ev('X', 1), ev('B', 2)], either, options('strict')).depth).toBe(2);
  });
});

describe('the ordered funnel’s index of next matches', () => {
  // The plain scan: from each start, walk forward within the window.
  const scanned = (events: PathEvent[], steps: FunnelStep[], windowMs: number) => {
    let best = 0;
    events.forEach((start, s) => {
      if (!matches(steps[0], start)) return;
      let depth = 1;
      for (let i = s + 1; i < events.length && depth < steps.length; i++) {
        if (events[i].at > start.at + windowMs) break;
        if (matches(steps[depth], events[i])) depth += 1;
      }
      best = Math.max(best, depth);
    });
    return best;
  };

  it('reaches the same depth as walking forward from every start', () => {
    const types = ['A', 'B', 'C', 'X'];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...types), fc.integer({ min: 0, max: 59 })), {
          maxLength: 40,
        }),
        fc.array(fc.constantFrom('A', 'B', 'C'), { minLength: 2, maxLength: 4 }),
        fc.integer({ min: 1, max: 15 }),
        (raw, stepTypes, windowMinutes) => {
          const events = raw.map(([type, minute]) => ev(type, minute)).sort((a, b) => a.at - b.at);
          const funnel = stepTypes.map((type) => ({ types: [type] }));
          const windowMs = windowMinutes * 60_000;
          const opts = { mode: 'ordered' as const, windowMs, from: at(0), to: at(60) };
          expect(progressOf(events, funnel, opts).depth).toBe(scanned(events, funnel, windowMs));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('the step bitmasks', () => {
  // Step by step over the events, as funnels were first written: the oracle for every mode.
  const walked = (events: PathEvent[], steps: FunnelStep[], mode: FunnelMode, windowMs: number) => {
    let best = 0;
    events.forEach((start, s) => {
      if (start.at >= at(60).getTime()) return;
      const end = start.at + windowMs;
      let depth = 0;
      if (mode === 'any-order') {
        const done = new Set<number>();
        for (let i = s; i < events.length && events[i].at <= end; i++) {
          const k = steps.findIndex((step, j) => !done.has(j) && matches(step, events[i]));
          if (i === s && k === -1) break;
          if (k !== -1) done.add(k);
        }
        depth = done.size;
      } else {
        if (!matches(steps[0], start)) return;
        depth = 1;
        for (let i = s + 1; i < events.length && depth < steps.length; i++) {
          if (events[i].at > end) break;
          if (matches(steps[depth], events[i])) depth += 1;
          else if (mode === 'strict') break;
        }
      }
      best = Math.max(best, depth);
    });
    return best;
  };

  it('reach the depth of matching each step event by event, in every mode, with channel filters', () => {
    const types = ['A', 'B', 'C', 'X'];
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom(...types),
            fc.integer({ min: 0, max: 70 }),
            fc.constantFrom('web', 'app'),
          ),
          { maxLength: 30 },
        ),
        fc.array(
          fc.record({
            types: fc.uniqueArray(fc.constantFrom('A', 'B', 'C'), { minLength: 1, maxLength: 2 }),
            channels: fc.option(fc.constant(['app']), { nil: undefined }),
          }),
          { minLength: 2, maxLength: 4 },
        ),
        fc.constantFrom(...FUNNEL_MODES),
        fc.integer({ min: 1, max: 15 }),
        (raw, stepsRaw, mode, windowMinutes) => {
          const events = raw
            .map(([type, minute, channel]) => ({ ...ev(type, minute), channel }))
            .sort((a, b) => a.at - b.at);
          const funnel: FunnelStep[] = stepsRaw.map((step) =>
            step.channels === undefined ? { types: step.types } : step,
          );
          const windowMs = windowMinutes * 60_000;
          const opts = { mode, windowMs, from: at(0), to: at(60) };
          expect(progressOf(events, funnel, opts).depth).toBe(
            walked(events, funnel, mode, windowMs),
          );
        },
      ),
      { numRuns: 1000 },
    );
  });
});
