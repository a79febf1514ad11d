import type { Channel } from '@omni/contracts';
import type { ConnectorCredentials } from '../connectors/connector-provisioner';
import { scrapeMetrics, sumBy } from '../platform/prometheus-text';

export type Outcomes = {
  readonly accepted: number;
  readonly duplicate: number;
  readonly rejected: number;
  readonly total: number;
  readonly complete: boolean;
};

const INGEST_EVENTS = 'omni_ingest_events_total';

async function read(
  ingestUrl: string,
  connectorIds: ReadonlySet<string>,
  source: string,
): Promise<Outcomes> {
  const byOutcome = sumBy(
    await scrapeMetrics(ingestUrl),
    INGEST_EVENTS,
    'outcome',
    (labels) => labels.source === source && connectorIds.has(labels.connector ?? ''),
  );
  const accepted = byOutcome.get('accepted') ?? 0;
  const duplicate = byOutcome.get('duplicate') ?? 0;
  const rejected = byOutcome.get('rejected') ?? 0;
  return { accepted, duplicate, rejected, total: accepted + duplicate + rejected, complete: true };
}

/**
 * What ingest decided about events our connectors sent over Kafka, from its Prometheus counter
 * (omni_ingest_events_total, source=kafka). With `since` and `expect`, waits until that many
 * more have been counted or the timeout passes, and answers the difference.
 */
export async function kafkaOutcomes(
  ingestUrl: string,
  connectors: ReadonlyMap<Channel, ConnectorCredentials>,
  wait?: { since: Outcomes; expect: number; timeoutMs: number },
): Promise<Outcomes> {
  const ids = new Set([...connectors.values()].map((c) => c.connectorId));
  if (wait === undefined) return read(ingestUrl, ids, 'kafka');
  const deadline = Date.now() + wait.timeoutMs;
  for (;;) {
    const now = await read(ingestUrl, ids, 'kafka');
    const delta = {
      accepted: now.accepted - wait.since.accepted,
      duplicate: now.duplicate - wait.since.duplicate,
      rejected: now.rejected - wait.since.rejected,
      total: now.total - wait.since.total,
    };
    if (delta.total >= wait.expect || Date.now() >= deadline)
      return { ...delta, complete: delta.total >= wait.expect };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
