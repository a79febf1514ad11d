import { pace, type SimulatedEvent } from '@omni/simulator';
import { percentile, round } from '@omni/testing';
import type { EventSender, Via } from './event-sender';
import { ProgressDisplay, type ProgressStream } from './progress-display';

export type LoadRunOptions = {
  readonly rate: number;
  readonly durationSeconds: number;
  /** Send exactly this many events instead of rate × duration. */
  readonly count?: number;
  readonly events: Iterable<SimulatedEvent>;
  readonly sender: EventSender;
  /** Called as each event is handed to the sender, e.g. to remember its id. */
  readonly onSend?: (event: SimulatedEvent) => void;
  readonly progress?:
    { readonly label: string | (() => string); readonly stream?: ProgressStream } | false;
  /** Replay pacing instead of a flat rate: simulated ms per wall-clock ms (the demo's compressed day). */
  readonly timeScale?: number;
};

export type LoadSummary = {
  readonly via: Via;
  readonly offeredRate: number;
  readonly sent: number;
  readonly accepted: number;
  readonly duplicates: number;
  readonly rejected: number;
  readonly errors: number;
  readonly elapsedSeconds: number;
  /** Events answered (accepted, duplicate or rejected) per second, from the first send to the last answer. */
  readonly achievedRate: number;
  readonly requests: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errorCauses: Readonly<Record<string, number>>;
  readonly rejectionCauses: Readonly<Record<string, number>>;
};

function* limited<T>(items: Iterable<T>, count: number): Generator<T, void, undefined> {
  if (count <= 0) return;
  let taken = 0;
  for (const item of items) {
    yield item;
    if (++taken >= count) return;
  }
}

/**
 * Offers `rate` events per second for `durationSeconds` (open loop: slots are absolute, so a
 * slow answer does not lower the offered rate until the in-flight window is full), then waits
 * for every answer.
 */
export async function runLoad(options: LoadRunOptions): Promise<LoadSummary> {
  const { sender } = options;
  const counters = sender.counters;
  const target = options.count ?? Math.max(1, Math.round(options.rate * options.durationSeconds));
  const display =
    options.progress === false || options.progress === undefined
      ? undefined
      : new ProgressDisplay(counters, target, options.progress.label, options.progress.stream);
  display?.start();
  const started = performance.now();
  try {
    for await (const event of pace(limited(options.events, target), {
      rate: options.rate,
      ...(options.timeScale === undefined ? {} : { timeScale: options.timeScale }),
    })) {
      options.onSend?.(event);
      await sender.send(event);
    }
    await sender.close();
  } finally {
    display?.stop();
  }
  const elapsed = (performance.now() - started) / 1000;
  const answeredOk = counters.accepted + counters.duplicates + counters.rejected;
  return {
    via: sender.via,
    offeredRate: options.rate,
    sent: counters.sent,
    accepted: counters.accepted,
    duplicates: counters.duplicates,
    rejected: counters.rejected,
    errors: counters.errors,
    elapsedSeconds: round(elapsed, 2),
    achievedRate: round(answeredOk / elapsed, 1),
    requests: counters.latenciesMs.length,
    p50Ms: round(percentile(counters.latenciesMs, 50), 1),
    p99Ms: round(percentile(counters.latenciesMs, 99), 1),
    errorCauses: Object.fromEntries(counters.errorCauses),
    rejectionCauses: Object.fromEntries(counters.rejectionCauses),
  };
}

/** The summary as the lines a person reads at the end of `npm run load`. */
export function formatLoadSummary(summary: LoadSummary): string {
  const causes = (title: string, entries: Readonly<Record<string, number>>) =>
    Object.entries(entries)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([cause, count]) => `  ${title} ×${count}: ${cause}`);
  const accepted = summary.via === 'kafka' ? 'acknowledged by Kafka' : 'accepted';
  return [
    `summary (${summary.via}, offered ${summary.offeredRate} ev/s for ${summary.elapsedSeconds}s incl. drain):`,
    `  sent ${summary.sent}, ${accepted} ${summary.accepted}, duplicates ${summary.duplicates}, rejected ${summary.rejected}, errors ${summary.errors}`,
    `  achieved ${summary.achievedRate} ev/s; ${summary.requests} ${summary.via === 'kafka' ? 'sends' : 'requests'}, latency p50 ${summary.p50Ms} ms, p99 ${summary.p99Ms} ms`,
    ...causes('error', summary.errorCauses),
    ...causes('rejected', summary.rejectionCauses),
  ].join('\n');
}

export type ClosedLoopResult = { readonly elapsedMs: number; readonly summary: LoadSummary };

/** Sends every event as fast as the sender's in-flight window allows: the maximum throughput. */
export async function sendAll(
  events: readonly SimulatedEvent[],
  sender: EventSender,
): Promise<ClosedLoopResult> {
  const counters = sender.counters;
  const started = performance.now();
  for (const event of events) await sender.send(event);
  await sender.close();
  const elapsedMs = performance.now() - started;
  const answeredOk = counters.accepted + counters.duplicates + counters.rejected;
  return {
    elapsedMs,
    summary: {
      via: sender.via,
      offeredRate: 0, // unbounded: closed loop
      sent: counters.sent,
      accepted: counters.accepted,
      duplicates: counters.duplicates,
      rejected: counters.rejected,
      errors: counters.errors,
      elapsedSeconds: round(elapsedMs / 1000, 2),
      achievedRate: round((answeredOk * 1000) / elapsedMs, 1),
      requests: counters.latenciesMs.length,
      p50Ms: round(percentile(counters.latenciesMs, 50), 1),
      p99Ms: round(percentile(counters.latenciesMs, 99), 1),
      errorCauses: Object.fromEntries(counters.errorCauses),
      rejectionCauses: Object.fromEntries(counters.rejectionCauses),
    },
  };
}
