import { connectorWindow, HttpSender } from '../load/http-sender';
import { endlessEvents } from '../load/load-scenarios';
import { runLoad } from '../load/load-run';
import { waitForIdentityIdle } from '../identity/identity-idle';
import { TOPICS } from '@omni/contracts';
import { RESOLVED_TOPIC, ResolvedEventsReader } from '../identity/resolved-events.reader';
import { isReady } from '../platform/platform-endpoints';
import { percentile, round } from '@omni/testing';
import {
  cpuPerEvent,
  ScenarioUnavailableError,
  type BenchScenario,
  type CaseMeasurement,
} from './bench-scenario';

export type EndToEndSettings = {
  /** Offered loads in events/s, ascending; the scenario stops after the first saturated one. */
  readonly loads: readonly number[];
  readonly secondsPerLoad: number;
};

export const defaultEndToEndSettings = (tiny: boolean): EndToEndSettings =>
  tiny
    ? { loads: [50, 100], secondsPerLoad: 3 }
    : { loads: [100, 1_000, 2_500, 5_000, 7_500, 10_000, 15_000, 20_000], secondsPerLoad: 10 };

const INGEST_TOPIC = TOPICS.ingestEvents.name;

/** Saturated: identity-resolution kept up with less than this share of the offered load. */
const SATURATION = 0.8;

/**
 * (c) HTTP → ingest → identity-resolution → identity.resolved-events.v1, at rising offered
 * loads. Latency per event = Kafka timestamp of its resolved message − the sentAt the SDK
 * stamped in it when the request left (carried unchanged through ingest and identity).
 */
export function endToEndScenario(
  settings: (tiny: boolean) => EndToEndSettings = defaultEndToEndSettings,
): BenchScenario {
  return {
    id: 'c',
    title: 'end-to-end HTTP → resolved',
    headline: [
      'resolvedPerSecond',
      'p50Ms',
      'p95Ms',
      'p99Ms',
      'ingestPart.p99Ms',
      'identityPart.p99Ms',
      'missing',
      'cpuUsPerEvent.ingest',
      'cpuUsPerEvent.identity-resolution',
    ],
    notes: [
      `Each load starts once identity-resolution is idle (its resolved counter still for 3 s), so the backlog (b) leaves is not measured. Open loop per offered load; stops after the first load where resolved/s < ${SATURATION} × ingested/s or events are missing after the drain. resolvedPerSecond = events resolved / (last resolved − first sent). ingestPart: from the SDK's sentAt to the Kafka timestamp of the event on ingest.events.v1 (the request, ingest's group commit and its produce); identityPart: from there to the timestamp on identity.resolved-events.v1 (the consumer's fetch, the resolution transaction and the outbox relay). The "maximum" case is the highest resolved rate with nothing missing; the "half of maximum" case then offers half of it.`,
    ],
    async unavailable(context) {
      if (!(await isReady(context.endpoints.ingestUrl)))
        return `ingest is not ready at ${context.endpoints.ingestUrl}`;
      if (!(await isReady(context.endpoints.identityUrl)))
        return `identity-resolution is not ready at ${context.endpoints.identityUrl}`;
      return undefined;
    },
    async run(context, run) {
      const { loads, secondsPerLoad } = settings(context.tiny);
      const reader = await ResolvedEventsReader.open(context.endpoints.brokers).catch(
        (error: unknown) => {
          throw new ScenarioUnavailableError(
            `cannot read ${RESOLVED_TOPIC}: ${error instanceof Error ? error.message : String(error)}`,
          );
        },
      );
      // Ingest's own topic splits each event's time: up to ingest's produce, then identity's part.
      const ingested = await ResolvedEventsReader.open(context.endpoints.brokers, INGEST_TOPIC);
      const cases: CaseMeasurement[] = [];
      try {
        const measure = async (rate: number, level: number, name: string) => {
          const backlog = await waitForIdentityIdle(context.endpoints.identityUrl, {
            timeoutMs: context.tiny ? 60_000 : 600_000,
            log: context.log,
          });
          const ids = new Set<string>();
          const connectors = await context.connectors();
          const sender = new HttpSender({
            ingestUrl: context.endpoints.ingestUrl,
            connectors,
            batchSize: 100,
            maxInFlight: connectorWindow(connectors.size, 100),
          });
          const firstSentAt = Date.now();
          const drainMs = Math.max(10_000, secondsPerLoad * 3_000);
          const { value, processes } = await context.metered(async () => {
            const summary = await runLoad({
              rate,
              durationSeconds: secondsPerLoad,
              events: endlessEvents({
                seed: context.seed(run, 10 + level),
                people: 2_000,
                days: 30,
              }),
              sender,
              onSend: (event) => ids.add(event.eventId),
              progress: { label: `  c offered ${rate}/s` },
            });
            return { summary, seen: await reader.waitFor(ids, drainMs) };
          });
          const { summary, seen } = value;
          if (seen.size === 0) {
            throw new ScenarioUnavailableError(
              `identity-resolution published none of the ${summary.accepted} accepted events to ${RESOLVED_TOPIC} within ${drainMs / 1000}s`,
            );
          }
          const sightings = [...seen.values()];
          const latencies = sightings
            .filter((s) => s.sentAtMs !== undefined)
            .map((s) => s.resolvedAtMs - s.sentAtMs!);
          const producedAt = await ingested.waitFor(ids, 1_000, 1_000);
          const ingestPart: number[] = [];
          const identityPart: number[] = [];
          for (const sighting of sightings) {
            const atIngest = producedAt.get(sighting.eventId);
            if (atIngest === undefined || sighting.sentAtMs === undefined) continue;
            ingestPart.push(atIngest.resolvedAtMs - sighting.sentAtMs);
            identityPart.push(sighting.resolvedAtMs - atIngest.resolvedAtMs);
          }
          const lastResolved = Math.max(...sightings.map((s) => s.resolvedAtMs));
          const resolvedPerSecond = round(
            (seen.size * 1000) / Math.max(1, lastResolved - firstSentAt),
            1,
          );
          const missing = summary.accepted - seen.size;
          // Against what ingest took in, not the nominal offer: a load generator that falls behind is not identity saturating.
          const saturated = resolvedPerSecond < SATURATION * summary.achievedRate || missing > 0;
          const measured: CaseMeasurement = {
            name,
            metrics: {
              offeredPerSecond: rate,
              ingestedPerSecond: summary.achievedRate,
              resolvedPerSecond,
              p50Ms: round(percentile(latencies, 50), 1),
              p95Ms: round(percentile(latencies, 95), 1),
              p99Ms: round(percentile(latencies, 99), 1),
              'ingestPart.p50Ms': round(percentile(ingestPart, 50), 1),
              'ingestPart.p99Ms': round(percentile(ingestPart, 99), 1),
              'identityPart.p50Ms': round(percentile(identityPart, 50), 1),
              'identityPart.p99Ms': round(percentile(identityPart, 99), 1),
              resolved: seen.size,
              missing,
              rejected: summary.rejected,
              errors: summary.errors,
              saturated: saturated ? 1 : 0,
              ...cpuPerEvent(processes, seen.size),
            },
            processes,
            details: {
              backlogWaitSeconds: Math.round(backlog.waitedMs / 1000),
              identityIdleBefore: backlog.idle,
            },
          };
          context.log(
            `  c offered ${rate}/s: resolved ${seen.size}/${summary.accepted} at ${resolvedPerSecond}/s, p50 ${round(percentile(latencies, 50), 1)} ms, p99 ${round(percentile(latencies, 99), 1)} ms${saturated ? ' (saturated)' : ''}`,
          );
          return { measured, resolvedPerSecond, missing, saturated };
        };
        let maximum = 0;
        for (const [level, rate] of loads.entries()) {
          const { measured, resolvedPerSecond, missing, saturated } = await measure(
            rate,
            level,
            `offered ${rate}/s`,
          );
          cases.push(measured);
          if (missing === 0) maximum = Math.max(maximum, resolvedPerSecond);
          if (saturated) break;
        }
        if (maximum > 0) {
          cases.push({ name: 'maximum', metrics: { resolvedPerSecond: maximum }, processes: [] });
          const half = Math.max(1, Math.round(maximum / 2));
          const { measured } = await measure(half, loads.length, 'half of maximum');
          cases.push(measured);
        }
      } finally {
        await reader.close();
        await ingested.close();
      }
      return cases;
    },
  };
}
