import { percentile, round } from '@omni/testing';
import { connectorWindow, HttpSender } from '../load/http-sender';
import { endlessEvents, recentStartDate, type LoadScenarioName } from '../load/load-scenarios';
import { runLoad } from '../load/load-run';
import { isReady } from '../platform/platform-endpoints';
import { KpiOrderReader } from '../reporting/kpi-reader';
import { visibilityLatencies, type VisibilitySample } from '../reporting/kpi-visibility';
import {
  cpuPerEvent,
  ScenarioUnavailableError,
  type BenchScenario,
  type CaseMeasurement,
} from './bench-scenario';

export type FreshnessSettings = {
  /** Offered loads in events/s of the whole simulated traffic (orders are a share of it). */
  readonly loads: readonly number[];
  readonly secondsPerLoad: number;
  /** How often `GET /v1/kpis` is read while the load runs (ms). */
  readonly pollMs: number;
  /** Which simulated traffic is sent: all of it, or (smoke runs) only the order lifecycle. */
  readonly traffic: LoadScenarioName;
};

export const defaultFreshnessSettings = (tiny: boolean): FreshnessSettings =>
  tiny
    ? { loads: [100], secondsPerLoad: 3, pollMs: 100, traffic: 'orders' }
    : { loads: [1_000, 5_000], secondsPerLoad: 20, pollMs: 100, traffic: 'omnichannel' };

const SIMULATED_DAYS = 30;
/** How long the scenario waits for reporting to count what ingest accepted after the load. */
const DRAIN_MS = 120_000;

/**
 * (f) Freshness as a dashboard reader sees it: simulated omnichannel traffic through the
 * connector SDK → ingest → identity-resolution → reporting, and from the moment ingest accepted
 * each `order.placed` to the first `GET /v1/kpis` answer that counts it.
 */
export function reportingFreshnessScenario(
  settings: (tiny: boolean) => FreshnessSettings = defaultFreshnessSettings,
): BenchScenario {
  return {
    id: 'f',
    title: 'freshness: order accepted by ingest → counted by GET /v1/kpis',
    headline: [
      'offeredPerSecond',
      'ingestedPerSecond',
      'p50Ms',
      'p95Ms',
      'p99Ms',
      'orders',
      'missing',
      'cpuUsPerEvent.reporting',
    ],
    notes: [
      'Every simulated event type is sent (orders are a few % of them), so reporting consumes the whole load (tiny runs send only the order lifecycle). Before each load the scenario waits until the order count holds still for 3 s. Reporting answers counts, not order ids: the k-th order ingest accepted is paired with the first GET /v1/kpis answer (timed when it arrived) that counts k orders of the run, so the figure is how far the count lags behind acceptances, including up to one poll interval. "missing" are accepted orders not counted within 120 s after the load.',
    ],
    async unavailable(context) {
      const { ingestUrl, identityUrl, reportingUrl } = context.endpoints;
      if (!(await isReady(ingestUrl))) return `ingest is not ready at ${ingestUrl}`;
      if (!(await isReady(identityUrl)))
        return `identity-resolution is not ready at ${identityUrl}`;
      if (!(await isReady(reportingUrl))) return `reporting is not ready at ${reportingUrl}`;
      return undefined;
    },
    async run(context, run) {
      const { loads, secondsPerLoad, pollMs, traffic } = settings(context.tiny);
      const startDate = recentStartDate(SIMULATED_DAYS);
      // The simulated span, and a day on each side for time zones and clock skew.
      const reader = new KpiOrderReader(
        context.endpoints.reportingUrl,
        context.endpoints.reportingAdminToken,
        {
          fromDate: new Date(Date.parse(startDate) - 86_400_000).toISOString().slice(0, 10),
          days: SIMULATED_DAYS + 3,
        },
      );
      const cases: CaseMeasurement[] = [];
      for (const [level, rate] of loads.entries()) {
        const baseline = await reader
          .settled(3_000, context.tiny ? 60_000 : 600_000)
          .catch((error: unknown) => {
            throw new ScenarioUnavailableError(
              `reading reporting's KPIs: ${error instanceof Error ? error.message : String(error)}`,
            );
          });
        const orders = new Set<string>();
        const acceptedAtMs: number[] = [];
        const connectors = await context.connectors();
        const sender = new HttpSender({
          ingestUrl: context.endpoints.ingestUrl,
          connectors,
          batchSize: 100,
          maxInFlight: connectorWindow(connectors.size, 100),
          onAccepted: (eventIds, atMs) => {
            for (const id of eventIds) if (orders.has(id)) acceptedAtMs.push(atMs);
          },
        });
        const samples: VisibilitySample[] = [];
        let loading = true;
        const poll = async () => {
          const drainUntil = () => Date.now() + DRAIN_MS;
          let deadline = Number.POSITIVE_INFINITY;
          for (;;) {
            const started = Date.now();
            const seen = (await reader.orders()) - baseline;
            samples.push({ atMs: Date.now(), seen });
            if (!loading) {
              if (deadline === Number.POSITIVE_INFINITY) deadline = drainUntil();
              if (seen >= acceptedAtMs.length || Date.now() > deadline) return;
            }
            await new Promise((resolve) =>
              setTimeout(resolve, Math.max(0, pollMs - (Date.now() - started))),
            );
          }
        };
        const { value, processes } = await context.metered(async () => {
          const polling = poll();
          try {
            const summary = await runLoad({
              rate,
              durationSeconds: secondsPerLoad,
              events: endlessEvents({
                seed: context.seed(run, 20 + level),
                people: 2_000,
                days: SIMULATED_DAYS,
                startDate,
                scenario: traffic,
              }),
              sender,
              onSend: (event) => {
                if (event.type === 'order.placed') orders.add(event.eventId);
              },
              progress: { label: `  f offered ${rate}/s` },
            });
            return summary;
          } finally {
            loading = false;
            await polling;
          }
        });
        const summary = value;
        if (acceptedAtMs.length === 0)
          throw new Error(
            `ingest accepted no order.placed among the ${summary.accepted} events sent at ${rate}/s: send longer`,
          );
        const { latenciesMs, missing } = visibilityLatencies(acceptedAtMs, samples);
        if (acceptedAtMs.length > 0 && latenciesMs.length === 0)
          throw new ScenarioUnavailableError(
            `reporting counted none of the ${acceptedAtMs.length} orders ingest accepted within ${DRAIN_MS / 1000}s`,
          );
        const measured: CaseMeasurement = {
          name: `offered ${rate}/s`,
          metrics: {
            offeredPerSecond: rate,
            ingestedPerSecond: summary.achievedRate,
            p50Ms: round(percentile(latenciesMs, 50), 1),
            p95Ms: round(percentile(latenciesMs, 95), 1),
            p99Ms: round(percentile(latenciesMs, 99), 1),
            orders: acceptedAtMs.length,
            missing,
            rejected: summary.rejected,
            errors: summary.errors,
            readings: samples.length,
            ...cpuPerEvent(processes, summary.accepted),
          },
          processes,
        };
        context.log(
          `  f offered ${rate}/s: ${latenciesMs.length}/${acceptedAtMs.length} orders counted, p50 ${measured.metrics.p50Ms} ms, p99 ${measured.metrics.p99Ms} ms`,
        );
        cases.push(measured);
      }
      return cases;
    },
  };
}
