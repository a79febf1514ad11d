import { Counter, register } from 'prom-client';
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
