// `npm run demo [-- --days 14 --seconds 75 --people 1500]`: streams simulated omnichannel days
// through the running platform (started first if needed), prepares the reporting dashboard and
// prints what Omni saw and where to look.
import { CHANNELS, type IdentifierType } from '@omni/contracts';
import {
  identifierKeysOf,
  PERSONAL_IDENTIFIER_TYPES,
  simulate,
  type SimulatedEvent,
} from '@omni/simulator';
import { usage } from './cli/cli-args';
import { runCli } from './cli/run-cli';
import { defaultConnectorStore, provisionConnectors } from './connectors/connector-provisioner';
import { DEMO_FLAGS, parseDemoOptions } from './demo/demo-options';
import { ensureDemoCampaign } from './demo/demo-campaign';
import { prepareDashboard, type DashboardSeen } from './demo/demo-dashboard';
import { formatDemoSummary, type IdentitySeen } from './demo/demo-summary';
import { ResolvedEventsReader } from './identity/resolved-events.reader';
import { HttpSender } from './load/http-sender';
import { runLoad } from './load/load-run';
import { endpointsFromEnv, ensurePlatform, isReady } from './platform/platform-endpoints';
import { scrapeMetrics, sumBy, type PromSample } from './platform/prometheus-text';

const log = (line: string) => process.stderr.write(`[demo] ${line}\n`);
const INGEST_EVENTS = 'omni_ingest_events_total';
const IDENTITY_RESOLVED = 'omni_identity_resolved_events_total';

const counterBy = (
  samples: readonly PromSample[],
  name: string,
  label: string,
  where?: (labels: Readonly<Record<string, string>>) => boolean,
) => sumBy(samples, name, label, where);

function streamedTruth(
  events: readonly SimulatedEvent[],
  owners: ReadonlyMap<string, string>,
  identified: ReadonlyMap<string, string>,
) {
  const active = new Set<string>();
  const identifiable = new Set<string>();
  for (const event of events) {
    for (const key of identifierKeysOf(event)) {
      const owner = owners.get(key);
      if (owner !== undefined) active.add(owner);
      const known = identified.get(key);
      if (known !== undefined) identifiable.add(known);
    }
  }
  return {
    activePeople: active.size,
    identifiablePeople: identifiable.size,
    orders: events.filter((event) => event.type === 'order.placed').length,
  };
}

async function main(): Promise<number> {
  const options = parseDemoOptions(process.argv.slice(2));
  if (options.help) {
    console.log(
      usage(
        'npm run demo -- [flags]',
        'Streams a simulated omnichannel day through the running platform and prints what Omni saw.',
        DEMO_FLAGS,
      ),
    );
    return 0;
  }
  const endpoints = endpointsFromEnv();
  if (!options.skipStart)
    await ensurePlatform([endpoints.ingestUrl, endpoints.identityUrl, endpoints.reportingUrl], log);
  if (!(await isReady(endpoints.ingestUrl))) {
    console.error(
      `error: ingest is not ready at ${endpoints.ingestUrl}; see .omni/logs/ingest.log`,
    );
    return 1;
  }
  const connectors = await provisionConnectors({
    ingestUrl: endpoints.ingestUrl,
    channels: CHANNELS,
    adminToken: endpoints.ingestAdminToken,
    storePath: defaultConnectorStore(),
    log,
  });
  const channelOf = new Map([...connectors.values()].map((c) => [c.connectorId, c.channel]));

  let reader: ResolvedEventsReader | undefined;
  let identityProblem: string | undefined;
  if (await isReady(endpoints.identityUrl)) {
    reader = await ResolvedEventsReader.open(endpoints.brokers).catch((error: unknown) => {
      identityProblem = `cannot read its resolved topic: ${error instanceof Error ? error.message : String(error)}`;
      return undefined;
    });
  } else {
    identityProblem = `not ready at ${endpoints.identityUrl}`;
  }
  const ingestBefore = await scrapeMetrics(endpoints.ingestUrl);
  const identityBefore =
    reader === undefined ? [] : await scrapeMetrics(endpoints.identityUrl).catch(() => []);

  // Warm-up days are simulated but not streamed: the streamed days then have journeys under
  // way, orders and repeat visitors, as real days would. Nothing later than now is sent.
  const firstDay = Date.parse(`${options.date}T00:00:00Z`) - (options.days - 1) * 86_400_000;
  const fromDate = new Date(firstDay).toISOString().slice(0, 10);
  const start = new Date(firstDay - options.warmupDays * 86_400_000).toISOString().slice(0, 10);
  const simulation = simulate({
    seed: options.seed,
    people: options.people,
    days: options.warmupDays + options.days,
    startDate: start,
  });
  let campaignProblem: string | undefined;
  if (await isReady(endpoints.promotionsUrl)) {
    await ensureDemoCampaign(
      { url: endpoints.promotionsUrl, adminToken: endpoints.promotionsAdminToken },
      { from: new Date(firstDay - 86_400_000), until: new Date(Date.now() + 86_400_000) },
    ).catch((error: unknown) => {
      campaignProblem = error instanceof Error ? error.message : String(error);
    });
  } else campaignProblem = `not ready at ${endpoints.promotionsUrl}`;
  if (campaignProblem !== undefined)
    log(`no demo campaign, so orders record no redemptions: promotions ${campaignProblem}`);
  const localDate = (event: SimulatedEvent) => event.occurredAt.slice(0, 10); // occurredAt carries the market's offset
  const startedAt = Date.now();
  const events = [...simulation.events()].filter(
    (event) =>
      localDate(event) >= fromDate &&
      localDate(event) <= options.date &&
      Date.parse(event.occurredAt) <= startedAt,
  );
  const truth = simulation.groundTruth();
  const personal = new Set<string>();
  for (const event of events) {
    if (
      Object.entries(event.identifiers).some(
        ([type, value]) =>
          value !== undefined && PERSONAL_IDENTIFIER_TYPES.has(type as IdentifierType),
      )
    )
      personal.add(event.eventId);
  }
  log(
    `streaming ${events.length} events of ${fromDate} to ${options.date} (${options.people} simulated shoppers, ${options.warmupDays} warm-up days, seed ${options.seed}) in about ${options.seconds}s`,
  );
  const ids = new Set<string>();
  let clock = '00:00';
  const sender = new HttpSender({
    ingestUrl: endpoints.ingestUrl,
    connectors,
    batchSize: 100,
    maxInFlight: 1_600,
  });
  const summary = await runLoad({
    rate: 5_000,
    durationSeconds: options.seconds,
    count: events.length,
    timeScale: (options.days * 86_400) / options.seconds,
    events,
    sender,
    onSend: (event) => {
      ids.add(event.eventId);
      clock = `${event.occurredAt.slice(0, 10)} ${event.occurredAt.slice(11, 16)}`;
    },
    progress: { label: () => `[demo] ${clock}` },
  });

  let identity: IdentitySeen = { available: false, reason: identityProblem ?? 'unknown' };
  if (reader !== undefined) {
    log('waiting for identity-resolution to catch up');
    const seen = await reader.waitFor(ids, 60_000, 10_000);
    await reader.close();
    const identityAfter = await scrapeMetrics(endpoints.identityUrl).catch(() => []);
    const merged =
      (counterBy(identityAfter, IDENTITY_RESOLVED, 'outcome').get('merged') ?? 0) -
      (counterBy(identityBefore, IDENTITY_RESOLVED, 'outcome').get('merged') ?? 0);
    const profiles = new Set<string>();
    const identified = new Set<string>();
    for (const sighting of seen.values()) {
      if (sighting.customerId === undefined) continue;
      profiles.add(sighting.customerId);
      if (personal.has(sighting.eventId)) identified.add(sighting.customerId);
    }
    identity =
      seen.size === 0 && summary.accepted > 0
        ? {
            available: false,
            reason: `it published none of the ${summary.accepted} accepted events to its resolved topic within 60 s`,
          }
        : {
            available: true,
            identified: identified.size,
            profiles: profiles.size,
            merges: merged,
            resolved: seen.size,
            pending: summary.accepted - seen.size,
          };
  }
  const dashboard: DashboardSeen = (await isReady(endpoints.reportingUrl))
    ? await prepareDashboard(
        { url: endpoints.reportingUrl, adminToken: endpoints.reportingAdminToken },
        { fromDate, days: options.days },
        log,
      ).catch((error: unknown) => ({
        available: false as const,
        reason: error instanceof Error ? error.message : String(error),
      }))
    : { available: false, reason: `not ready at ${endpoints.reportingUrl}` };
  const ingestAfter = await scrapeMetrics(endpoints.ingestUrl);
  const delta = (outcome: string) => {
    const before = counterBy(
      ingestBefore,
      INGEST_EVENTS,
      'connector',
      (l) => l.outcome === outcome,
    );
    const after = counterBy(ingestAfter, INGEST_EVENTS, 'connector', (l) => l.outcome === outcome);
    const byChannel = new Map<string, number>();
    for (const [connector, value] of after) {
      const channel = channelOf.get(connector);
      if (channel !== undefined)
        byChannel.set(
          channel,
          (byChannel.get(channel) ?? 0) + value - (before.get(connector) ?? 0),
        );
    }
    return byChannel;
  };
  const accepted = delta('accepted');
  const duplicates = delta('duplicate');
  const rejected = delta('rejected');
  const simulated = new Map<string, number>();
  for (const event of events) simulated.set(event.channel, (simulated.get(event.channel) ?? 0) + 1);
  console.log(
    formatDemoSummary({
      from: fromDate,
      date: options.date,
      seconds: Math.round(summary.elapsedSeconds),
      channels: CHANNELS.map((channel) => ({
        channel,
        simulated: simulated.get(channel) ?? 0,
        accepted: accepted.get(channel) ?? 0,
        duplicates: duplicates.get(channel) ?? 0,
        rejected: rejected.get(channel) ?? 0,
      })),
      identity,
      dashboard,
      truth: streamedTruth(events, truth.identity.owners, truth.identity.identifiedOwners),
    }),
  );
  return summary.errors > 0 ? 1 : 0;
}

runCli(main);
