import { connectorWindow, HttpSender, REQUESTS_PER_CONNECTOR } from '../load/http-sender';
import { sendAll } from '../load/load-run';
import { isReady } from '../platform/platform-endpoints';
import { cpuPerEvent, type BenchScenario } from './bench-scenario';
import { BATCH_SIZE, throughputEvents } from './throughput-events';

/** (b) Ingest over HTTP through @omni/connector-sdk with the same events as (a). */
export const ingestHttpScenario: BenchScenario = {
  id: 'b',
  title: 'ingest HTTP throughput',
  headline: ['eventsPerSecond', 'p50Ms', 'p99Ms', 'rejected', 'errors', 'cpuUsPerEvent.ingest'],
  baselines: [{ scenario: 'a', metric: 'eventsPerSecond' }],
  notes: [
    `@omni/connector-sdk with its defaults, one connector (key and client) per channel, batches of up to ${BATCH_SIZE}, each connector keeping up to ${REQUESTS_PER_CONNECTOR} requests out; "accepted" means Kafka acknowledged (acks=all). p50/p99 are per request.`,
  ],
  async unavailable(context) {
    return (await isReady(context.endpoints.ingestUrl))
      ? undefined
      : `ingest is not ready at ${context.endpoints.ingestUrl}`;
  },
  async run(context, run) {
    const events = throughputEvents(context.seed(run, 0), context.tiny);
    const connectors = await context.connectors();
    const sender = new HttpSender({
      ingestUrl: context.endpoints.ingestUrl,
      connectors,
      batchSize: BATCH_SIZE,
      maxInFlight: connectorWindow(connectors.size, BATCH_SIZE),
    });
    const { value, processes } = await context.metered(() => sendAll(events, sender));
    const { summary } = value;
    if (summary.errors === summary.sent)
      throw new Error(`every event failed: ${Object.keys(summary.errorCauses).join('; ')}`);
    return [
      {
        name: 'default',
        metrics: {
          eventsPerSecond: summary.achievedRate,
          p50Ms: summary.p50Ms,
          p99Ms: summary.p99Ms,
          accepted: summary.accepted,
          duplicates: summary.duplicates,
          rejected: summary.rejected,
          errors: summary.errors,
          ...cpuPerEvent(processes, summary.accepted),
        },
        processes,
        ...(summary.errors + summary.rejected > 0
          ? {
              details: {
                errorCauses: summary.errorCauses,
                rejectionCauses: summary.rejectionCauses,
              },
            }
          : {}),
      },
    ];
  },
};
