// `npx nx run bench:restart [-- --runs 3 --services ingest,identity-resolution --build]`: starts
// each service as a real process against the local Kafka and Postgres, restarts it after kill -9
// and after SIGTERM, and times each restart until the process answers HTTP, is ready and holds
// its consumer group's partitions again. From source by default (SWC compiles every file at
// start); --build runs what ops run. Writes bench/results/restart-<ISO time>.json.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { scenarioCase, writeBenchResult, type ScenarioResult } from '@omni/testing';
import { usage } from './cli/cli-args';
import { runCli } from './cli/run-cli';
import { repoRoot } from './platform/repo-root';
import { parseRestartOptions, RESTART_FLAGS } from './restart/restart-options';
import { measureRestarts, type RestartSample } from './restart/restart-run';

const log = (line: string) => process.stderr.write(`[restart] ${line}\n`);

/** A service's restarts: one case per way of stopping it, one run per restart. */
function restartScenario(service: string, samples: RestartSample[]): ScenarioResult {
  const times = (key: keyof RestartSample) =>
    samples.map((sample) => ({ metrics: { ...sample[key] } }));
  return {
    id: service,
    title: `${service} restart`,
    status: 'ok',
    headline: ['httpMs', 'readyMs', 'consumingMs'],
    cases: [
      scenarioCase('after-kill', times('afterKill')),
      scenarioCase('after-stop', times('afterStop')),
    ],
    // Before/after figures come from separate invocations, so nothing here is a baseline.
    comparisons: [],
    notes: ['milliseconds from the new process spawn'],
  };
}

function summary(scenario: ScenarioResult) {
  const [afterKill, afterStop] = scenario.cases;
  return {
    medianOf: afterKill.runs.length,
    afterKill: afterKill.medians,
    afterStop: afterStop.medians,
  };
}

async function main(): Promise<number> {
  const options = parseRestartOptions(process.argv.slice(2));
  if (options.help) {
    console.log(
      usage(
        'npx nx run bench:restart -- [flags]',
        'Times restarts after kill -9 and SIGTERM; writes bench/results/restart-<time>.json.',
        RESTART_FLAGS,
      ),
    );
    return 0;
  }
  const root = repoRoot();
  process.chdir(root);
  const startedAt = new Date().toISOString();
  const scenarios: ScenarioResult[] = [];
  const artifact = options.build ? 'build' : 'source';
  for (const service of options.services) {
    if (options.build)
      execFileSync(process.execPath, ['tools/scripts/build-app.cjs', service], { stdio: 'ignore' });
    log(`${service}: ${options.runs} runs from ${artifact}`);
    const samples = await measureRestarts(service, { runs: options.runs, artifact }, log);
    scenarios.push(restartScenario(service, samples));
  }
  const file = writeBenchResult('restart', {
    startedAt,
    settings: {
      runs: options.runs,
      services: options.services,
      artifact,
      // Unset: the services' defaults.
      consumerSessionTimeoutMs: process.env.CONSUMER_SESSION_TIMEOUT_MS ?? null,
      consumerHeartbeatIntervalMs: process.env.CONSUMER_HEARTBEAT_INTERVAL_MS ?? null,
    },
    scenarios,
  });
  const medians = scenarios.map((scenario) => [scenario.id, summary(scenario)]);
  console.log(JSON.stringify(Object.fromEntries(medians), null, 2));
  console.log(`results: ${path.relative(root, file)}`);
  return 0;
}

runCli(main);
