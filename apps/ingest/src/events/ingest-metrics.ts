import { Counter, Histogram, register } from 'prom-client';
import type { IngestSource } from '../rejections/rejection';

export type EventOutcome = 'accepted' | 'duplicate' | 'rejected';

const name = 'omni_ingest_events_total';

// Get-or-create: two apps in one process (tests, replicas) share prom-client's default registry.
const events: Counter<'connector' | 'source' | 'outcome'> =
  (register.getSingleMetric(name) as Counter<'connector' | 'source' | 'outcome'> | undefined) ??
  new Counter({
    name,
    help: 'Events ingest answered, by connector, source (http, segment, kafka) and outcome (accepted, duplicate, rejected).',
    labelNames: ['connector', 'source', 'outcome'] as const,
  });

export function countEvents(
  connector: string,
  source: IngestSource,
  outcome: EventOutcome,
  count: number,
): void {
  if (count > 0) events.inc({ connector, source, outcome }, count);
}

type Phase = 'queue' | 'begin' | 'claim' | 'publish' | 'commit';

const phaseName = 'omni_ingest_group_phase_seconds';
const phases: Histogram<'phase'> =
  (register.getSingleMetric(phaseName) as Histogram<'phase'> | undefined) ??
  new Histogram({
    name: phaseName,
    help: 'Where an HTTP batch spends its time before its answer, by phase of its group commit: queue (waiting for a group slot; once per request), then per group begin (a pooled connection and BEGIN), claim (dedupe keys and rejections), publish (Kafka acknowledged, acks=all) and commit (COMMIT).',
    labelNames: ['phase'] as const,
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5],
  });

const sizeName = 'omni_ingest_group_events';
const sizes: Histogram<never> =
  (register.getSingleMetric(sizeName) as Histogram<never> | undefined) ??
  new Histogram({
    name: sizeName,
    help: 'Events per group commit (the new events of the concurrent requests it carried).',
    buckets: [1, 10, 50, 100, 200, 500, 1000, 2000],
  });

/** The phases of one group commit, timed with performance.now() and observed once it ends. */
export class GroupTiming {
  private readonly started = performance.now();
  private last = this.started;
  private readonly spent = new Map<Phase, number>();

  constructor(private readonly group: readonly { submittedAt: number; candidates: unknown[] }[]) {}

  /** Ends a phase now; a phase run twice (a group claimed again) adds up. */
  mark(phase: Exclude<Phase, 'queue'>): void {
    const now = performance.now();
    this.spent.set(phase, (this.spent.get(phase) ?? 0) + now - this.last);
    this.last = now;
  }

  observe(): void {
    for (const batch of this.group)
      phases.observe({ phase: 'queue' }, (this.started - batch.submittedAt) / 1000);
    for (const [phase, ms] of this.spent) phases.observe({ phase }, ms / 1000);
    sizes.observe(this.group.reduce((sum, batch) => sum + batch.candidates.length, 0));
  }
}
