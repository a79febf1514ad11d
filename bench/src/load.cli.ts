// `npm run load -- --rate <events/s> --duration <s> --scenario <name> [--via http|kafka] [--seed N]`
import { CHANNELS } from '@omni/contracts';
import { usage } from './cli/cli-args';
import { runCli } from './cli/run-cli';
import { defaultConnectorStore, provisionConnectors } from './connectors/connector-provisioner';
import type { EventSender } from './load/event-sender';
import { HttpSender } from './load/http-sender';
import { KafkaSender } from './load/kafka-sender';
import { LOAD_FLAGS, parseLoadOptions } from './load/load-options';
import { formatLoadSummary, runLoad } from './load/load-run';
import { endlessEvents } from './load/load-scenarios';
import { kafkaOutcomes } from './load/kafka-outcomes';
import { endpointsFromEnv, isReady } from './platform/platform-endpoints';

const log = (line: string) => process.stderr.write(`[load] ${line}\n`);

async function main(): Promise<number> {
  const options = parseLoadOptions(process.argv.slice(2));
  if (options.help) {
    console.log(
      usage(
        'npm run load -- [flags]',
        'Streams simulated omnichannel events into the running platform at a given rate.',
        LOAD_FLAGS,
      ),
    );
    return 0;
  }
  const endpoints = endpointsFromEnv();
  if (!(await isReady(endpoints.ingestUrl))) {
    console.error(
      `error: ingest is not ready at ${endpoints.ingestUrl}: start the platform with npm start (or set INGEST_URL)`,
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
  const settings = { batchSize: options.batch, maxInFlight: options.maxInFlight, connectors };
  let sender: EventSender;
  if (options.via === 'kafka') {
    const kafka = new KafkaSender({ ...settings, brokers: endpoints.brokers });
    await kafka.connect();
    sender = kafka;
  } else {
    sender = new HttpSender({ ...settings, ingestUrl: endpoints.ingestUrl });
  }
  log(
    `${options.scenario} traffic via ${options.via}: ${options.rate} ev/s for ${options.durationSeconds}s, seed ${options.seed}`,
  );
  const before =
    options.via === 'kafka' ? await kafkaOutcomes(endpoints.ingestUrl, connectors) : undefined;
  const summary = await runLoad({
    rate: options.rate,
    durationSeconds: options.durationSeconds,
    events: endlessEvents({
      seed: options.seed,
      people: options.people,
      days: options.days,
      scenario: options.scenario,
      ...(options.startDate === undefined ? {} : { startDate: options.startDate }),
    }),
    sender,
    progress: { label: '[load]' },
  });
  console.log(formatLoadSummary(summary));
  if (before !== undefined) {
    log(
      'waiting for ingest to process what Kafka acknowledged (its Prometheus counters, source=kafka)',
    );
    const outcome = await kafkaOutcomes(endpoints.ingestUrl, connectors, {
      since: before,
      expect: summary.accepted,
      timeoutMs: 30_000,
    });
    console.log(
      `  ingest (Kafka-native): accepted ${outcome.accepted}, duplicates ${outcome.duplicate}, rejected ${outcome.rejected}${outcome.complete ? '' : ` (still processing: ${summary.accepted - outcome.total} not counted after 30 s)`}`,
    );
  }
  return summary.errors > 0 ? 1 : 0;
}

runCli(main);
