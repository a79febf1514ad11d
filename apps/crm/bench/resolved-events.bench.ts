// Resolved events per second through crm-journeys' handlers (consent, journeys, insights),
// called directly with a transaction per batch as the consumer group calls them, on a fresh
// schema with the real migrations. The events are the simulator's, each given its person as
// customerId (what identity resolution would add). Kafka, the inbox and the other handlers of
// the group (customers, points, tiers) are not part of this figure.
// Run: npx nx run crm:bench-resolved [-- --people 3000 --days 30 --batch 500 --limit 60000]
// Writes bench/results/crm-resolved-handlers-<ISO date>.json at the repository root.
import { getDataSourceToken } from '@nestjs/typeorm';
import { parseDownstreamEvent, type DownstreamEventEnvelope } from '@omni/contracts';
import type { ConsumedEvent } from '@omni/messaging';
import { resolvedEventsOf, simulate } from '@omni/simulator';
import { benchArgs, benchMain, round, scenarioCase, serviceBench } from '@omni/testing';
import type { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { crmConfig } from '../src/config/crm-config';
import { ConsentHandler } from '../src/consent/consent.consumer';
import { InsightsHandler } from '../src/insights/insights.consumer';
import { JourneysHandler } from '../src/journeys/journeys.consumer';
import { crmService } from '../test/support/crm-harness';

const { counts } = benchArgs({ people: 3000, days: 30, batch: 500, limit: 60000 });

benchMain('crm-resolved-handlers', async () => {
  const batchSize = counts.batch;
  const simulation = simulate({
    seed: 7,
    people: counts.people,
    startDate: '2025-06-01',
    days: counts.days,
  });
  const events: ConsumedEvent<DownstreamEventEnvelope>[] = resolvedEventsOf(
    simulation.labelledEvents(),
    counts.limit,
  ).map(({ key, value }, offset) => ({
    topic: 'resolved',
    partition: 0,
    offset: String(offset),
    key,
    headers: {},
    eventId: value.eventId,
    // As the consumer group's decoder hands them to the handlers.
    value: parseDownstreamEvent(value),
  }));
  const bench = await serviceBench({ ...crmService, prefix: 'crm-bench' });
  const app = await bench.startApp({
    module: AppModule,
    config: crmConfig,
    env: {
      CRM_JOURNEY_SCHEDULER_ENABLED: 'false',
      CRM_INSIGHTS_ASSESSOR_ENABLED: 'false',
      OUTBOX_RELAY_ENABLED: 'false',
      LOG_LEVEL: 'warn',
    },
  });
  try {
    // The app's own DataSource: it carries the entities the handlers' repositories need.
    const dataSource = app.get<DataSource>(getDataSourceToken());
    const handlers = [app.get(ConsentHandler), app.get(JourneysHandler), app.get(InsightsHandler)];
    const started = performance.now();
    for (let i = 0; i < events.length; i += batchSize) {
      const batch = events.slice(i, i + batchSize);
      await dataSource.transaction(async (tx) => {
        for (const handler of handlers) await handler.onResolvedEvents(batch, tx);
      });
    }
    const seconds = (performance.now() - started) / 1000;
    return {
      settings: { ...counts },
      scenarios: [
        {
          id: 'handlers',
          title:
            'resolved events through the consent, journeys and insights handlers, a transaction per batch',
          status: 'ok',
          headline: ['eventsPerSecond'],
          cases: [
            scenarioCase('default', [
              {
                metrics: {
                  eventsPerSecond: Math.round(events.length / seconds),
                  events: events.length,
                  customers: new Set(events.map((e) => e.key)).size,
                  seconds: round(seconds),
                },
              },
            ]),
          ],
          comparisons: [],
          notes: ['no Kafka, inbox or the customers, points and tiers handlers of the group'],
        },
      ],
    };
  } finally {
    await app.close();
    await bench.drop();
  }
});
