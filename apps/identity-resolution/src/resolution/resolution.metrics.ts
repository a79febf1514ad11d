import { Counter, Histogram, register } from 'prom-client';
import type { Resolution } from './identity-resolver.service';

const resolved =
  (register.getSingleMetric('omni_identity_resolved_events_total') as
    Counter<'outcome'> | undefined) ??
  new Counter({
    name: 'omni_identity_resolved_events_total',
    help: 'Events resolved, by outcome (resolved; merged: the event merged profiles; unresolved: a reference feed about no person).',
    labelNames: ['outcome'] as const,
  });

const duration =
  (register.getSingleMetric('omni_identity_resolution_seconds') as Histogram | undefined) ??
  new Histogram({
    name: 'omni_identity_resolution_seconds',
    help: 'Time to resolve one event inside its batch transaction (resolved in bulk: the batch time over its events).',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
  });

export const resolutionMetrics = {
  observe(resolution: Resolution | undefined, elapsedMs: number): void {
    const outcome =
      resolution === undefined
        ? 'unresolved'
        : resolution.changes.length > 0
          ? 'merged'
          : 'resolved';
    resolved.inc({ outcome });
    duration.observe(elapsedMs / 1000);
  },
};
