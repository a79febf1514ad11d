import { HttpSender } from '../load/http-sender';
import { sendAll } from '../load/load-run';
import { isReady } from '../platform/platform-endpoints';
import type { BenchScenario } from './bench-scenario';
import { BATCH_SIZE, CONCURRENCY, throughputEvents } from './throughput-events';

/** (b) Ingest over HTTP through @omni/connector-sdk with the same events as (a). */
export const ingestHttpScenario: BenchScenario = {
  id: 'b',
  title: 'ingest HTTP throughput',
  headline: ['eventsPerSecond', 'p50Ms', 'p99Ms', 'rejected', 'errors'],
  baselines: [{ scenario: 'a', metric: 'eventsPerSecond' }],
  notes: [
    `@omni/connector-sdk, one connector per channel, batches of up to ${BATCH_SIZE}, ${CONCURRENCY} requests' worth of events in flight; "accepted" means Kafka acknowledged (acks=all). p50/p99 are per request.`,
  ],
  async unavailable(context) {
    return (await isReady(context.endpoints.ingestUrl))
      ? undefined
      : `ingest is not ready at ${context.endpoints.ingestUrl}`;
  },
  async run(context, run) {
    const events = throughputEvents(context.seed(run, 0), context.tiny);
    const sender = new HttpSender({
      ingestUrl: context.endpoints.ingestUrl,
      connectors: await context.connectors(),
      batchSize: BATCH_SIZE,
      maxInFlight: CONCURRENCY * BATCH_SIZE,
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
