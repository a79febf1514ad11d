import { setTimeout as sleep } from 'node:timers/promises';

/** Wall-clock access, injectable so tests run in virtual time. */
export interface PaceClock {
  /** Milliseconds on a monotonic or wall clock. */
  now(): number;
  sleep(milliseconds: number): Promise<void>;
}

export const systemClock: PaceClock = {
  now: () => Date.now(),
  sleep: async (milliseconds) => {
    await sleep(milliseconds);
  },
};

export interface PaceOptions {
  /** At most this many events per wall-clock second. */
  readonly rate?: number;
  /**
   * Simulated milliseconds per wall-clock millisecond: 3600 plays an hour of simulated time
   * per second, keeping the gaps between events to scale.
   */
  readonly timeScale?: number;
  /**
   * Sets sentAt to the wall-clock time of release. With sentAt ≈ receivedAt, ingest's clock-skew
   * correction (occurredAt + receivedAt − sentAt) keeps the simulated occurredAt; with the
   * simulated sentAt it would move every event to the time it is received.
   */
  readonly stampSentAt?: boolean;
  readonly clock?: PaceClock;
}

interface Timed {
  readonly occurredAt: string;
  readonly sentAt?: string;
}

function positive(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
    throw new RangeError(`pace: ${name} must be a positive number, got ${value}`);
  }
}

/**
 * Replays events in compressed real time: each event is released no earlier than its slot
 * under `rate` and under `timeScale` (both apply when both are given). Slots are absolute, so
 * sleeping late never lowers the average rate; sub-millisecond waits are not slept.
 */
export async function* pace<E extends Timed>(
  events: Iterable<E> | AsyncIterable<E>,
  options: PaceOptions,
): AsyncGenerator<E, void, undefined> {
  positive('rate', options.rate);
  positive('timeScale', options.timeScale);
  if (options.rate === undefined && options.timeScale === undefined) {
    throw new RangeError('pace: give a rate (events per second), a timeScale, or both');
  }
  const clock = options.clock ?? systemClock;
  const started = clock.now();
  const interval = options.rate === undefined ? 0 : 1000 / options.rate;
  let firstOccurred: number | undefined;
  let index = 0;
  for await (const event of events) {
    let due = started + index * interval;
    if (options.timeScale !== undefined) {
      const occurred = Date.parse(event.occurredAt);
      firstOccurred ??= occurred;
      due = Math.max(due, started + (occurred - firstOccurred) / options.timeScale);
    }
    const wait = due - clock.now();
    if (wait >= 1) await clock.sleep(wait);
    index += 1;
    yield options.stampSentAt === true
      ? { ...event, sentAt: new Date(clock.now()).toISOString() }
      : event;
  }
}
