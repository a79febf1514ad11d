// `npm run bench [-- --scenarios a,b,c,d --runs 3 --tiny]`: starts the platform if needed, runs
// the scenarios, writes bench/results/omni-bench-<ISO time>.json and .md, prints the table.
import path from 'node:path';
import { runBench, writeResults } from './bench-runner';
import { benchFlags, parseBenchOptions } from './bench-options';
import { usage } from './cli/cli-args';
import { runCli } from './cli/run-cli';
import { defaultConnectorStore } from './connectors/connector-provisioner';
import { endpointsFromEnv, ensurePlatform } from './platform/platform-endpoints';
import { platformProcesses } from './platform/process-stats';
import { repoRoot } from './platform/repo-root';
import { renderTable } from './results/results-report';
import { pickScenarios, SCENARIO_IDS } from './scenarios/scenario-registry';

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function main(): Promise<number> {
  const options = parseBenchOptions(process.argv.slice(2), SCENARIO_IDS);
  if (options.help) {
    console.log(
      usage(
        'npm run bench -- [flags]',
        'Runs the benchmark scenarios and writes bench/results/omni-bench-<time>.json and .md.',
        benchFlags(SCENARIO_IDS),
      ),
    );
    return 0;
  }
  const root = repoRoot();
  const endpoints = endpointsFromEnv();
  const scenarios = pickScenarios(options.scenarios, options);
  if (!options.skipStart) {
    const needsIdentity = options.scenarios.some((id) => id === 'c' || id === 'd' || id === 'f');
    const needsReporting = options.scenarios.includes('f');
    await ensurePlatform(
      [
        endpoints.ingestUrl,
        ...(needsIdentity ? [endpoints.identityUrl] : []),
        ...(needsReporting ? [endpoints.reportingUrl] : []),
      ],
      log,
    );
  }
  log(
    `scenarios ${options.scenarios.join(', ')}, ${options.runs} runs each${options.tiny ? ', tiny sizes' : ''}, seed ${options.seed}`,
  );
  const result = await runBench({
    scenarios,
    runs: options.runs,
    tiny: options.tiny,
    seed: options.seed,
    endpoints,
    processes: () => platformProcesses(root),
    connectorStore: defaultConnectorStore(),
    log,
  });
  const file = writeResults(result, path.resolve(root, options.resultsDir));
  console.log(renderTable(result));
  console.log(`\nresults: ${path.relative(root, file)} (and .md beside it)`);
  return result.scenarios.some((s) => s.status === 'failed') ? 1 : 0;
}

runCli(main);
