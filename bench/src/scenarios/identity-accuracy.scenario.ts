import { pairwiseScore, simulate } from '@omni/simulator';
import { waitForIdentityIdle } from '../identity/identity-idle';
import { lookupAll } from '../identity/profile-lookup.client';
import { RESOLVED_TOPIC, ResolvedEventsReader } from '../identity/resolved-events.reader';
import { HttpSender } from '../load/http-sender';
import { recentStartDate } from '../load/load-scenarios';
import { sendAll } from '../load/load-run';
import { isReady } from '../platform/platform-endpoints';
import { round } from '@omni/testing';
import { ScenarioUnavailableError, type BenchScenario } from './bench-scenario';

/**
 * (d) Pairwise precision and recall of "same person": a fresh simulated population goes through
 * ingest and identity-resolution, then each identified identifier of the ground truth is looked
 * up (GET /v1/profiles/lookup) and the profiles are scored against the true persons.
 */
export const identityAccuracyScenario: BenchScenario = {
  id: 'd',
  title: 'identity accuracy',
  headline: ['precision', 'recall', 'f1', 'ceilingRecall', 'identifiers'],
  notes: [
    'ceilingRecall is the recall of a perfect resolver: what the events can link at all (simulator linkableClusters). Lower recall than that is identity-resolution policy (limits, conflicts) or a miss.',
  ],
  async unavailable(context) {
    if (!(await isReady(context.endpoints.ingestUrl)))
      return `ingest is not ready at ${context.endpoints.ingestUrl}`;
    if (!(await isReady(context.endpoints.identityUrl)))
      return `identity-resolution is not ready at ${context.endpoints.identityUrl}`;
    return undefined;
  },
  async run(context, run) {
    const days = context.tiny ? 3 : 14;
    const simulation = simulate({
      seed: context.seed(run, 20),
      people: context.tiny ? 40 : 300,
      days,
      startDate: recentStartDate(days),
    });
    const events = [...simulation.events()];
    const truth = simulation.groundTruth();
    await waitForIdentityIdle(context.endpoints.identityUrl, {
      timeoutMs: context.tiny ? 60_000 : 600_000,
      log: context.log,
    });
    const reader = await ResolvedEventsReader.open(context.endpoints.brokers).catch(
      (error: unknown) => {
        throw new ScenarioUnavailableError(
          `cannot read ${RESOLVED_TOPIC}: ${error instanceof Error ? error.message : String(error)}`,
        );
      },
    );
    try {
      const sender = new HttpSender({
        ingestUrl: context.endpoints.ingestUrl,
        connectors: await context.connectors(),
        batchSize: 100,
        maxInFlight: 800,
      });
      const timeoutMs = context.tiny ? 30_000 : 120_000;
      const { value, processes } = await context.metered(async () => {
        const { summary } = await sendAll(events, sender);
        const seen = await reader.waitFor(new Set(events.map((e) => e.eventId)), timeoutMs);
        return { summary, seen };
      });
      const { summary, seen } = value;
      if (seen.size === 0)
        throw new ScenarioUnavailableError(
          `identity-resolution published none of the ${summary.accepted} accepted events to ${RESOLVED_TOPIC} within ${timeoutMs / 1000}s`,
        );
      const truthOwners = truth.identity.identifiedOwners;
      const { clusters, notFound } = await lookupAll(
        context.endpoints.identityUrl,
        context.endpoints.identityAdminToken,
        [...truthOwners.keys()],
      ).catch((error: unknown) => {
        throw new ScenarioUnavailableError(
          `identity-resolution look-up API: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
      const score = pairwiseScore(clusters, truthOwners);
      const ceiling = pairwiseScore(truth.identity.linkableClusters, truthOwners);
      return [
        {
          name: 'default',
          metrics: {
            precision: round(score.precision, 4),
            recall: round(score.recall, 4),
            f1: round(score.f1, 4),
            ceilingRecall: round(ceiling.recall, 4),
            identifiers: truthOwners.size,
            people: new Set(truthOwners.values()).size,
            profiles: new Set(clusters.values()).size,
            notFound,
            events: events.length,
            resolved: seen.size,
            missing: summary.accepted - seen.size,
            rejected: summary.rejected,
          },
          processes,
          details: {
            seed: simulation.config.seed,
            truePairs: score.truePairs,
            predictedPairs: score.predictedPairs,
            truePositivePairs: score.truePositivePairs,
          },
        },
      ];
    } finally {
      await reader.close();
    }
  },
};
