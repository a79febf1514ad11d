import { writeFileSync } from 'node:fs';
import type { Channel } from '@omni/contracts';
import { CHANNELS } from '@omni/contracts';
import { provisionConnectors, type ConnectorCredentials } from './connectors/connector-provisioner';
import { ProcessMeter, type TrackedProcess } from './platform/process-stats';
import type { PlatformEndpoints } from './platform/platform-endpoints';
import {
  benchEnvironment,
  benchResultSchema,
  gitState,
  medianMetrics,
  writeBenchResult,
  type BenchResult,
  type Comparison,
  type ScenarioCase,
  type ScenarioResult,
  type ScenarioRun,
} from '@omni/testing';
import { renderMarkdown, type HarnessSettings } from './results/results-report';
import {
  ScenarioUnavailableError,
  type BenchScenario,
  type ScenarioContext,
} from './scenarios/bench-scenario';

export type BenchOptions = {
  readonly scenarios: readonly BenchScenario[];
  readonly runs: number;
  readonly tiny: boolean;
  readonly seed: number;
  readonly endpoints: PlatformEndpoints;
  readonly processes: () => Promise<TrackedProcess[]>;
  /** Where connector keys are kept between bench runs; none: not kept. */
  readonly connectorStore?: string;
  readonly log: (line: string) => void;
};

type Collected = {
  scenario: BenchScenario;
  status: ScenarioResult['status'];
  reason?: string;
  runs: Map<string, ScenarioRun[]>;
};

function contextFor(options: BenchOptions): ScenarioContext {
  let connectors: Promise<ReadonlyMap<Channel, ConnectorCredentials>> | undefined;
  let processes: Promise<TrackedProcess[]> | undefined;
  return {
    endpoints: options.endpoints,
    tiny: options.tiny,
    log: options.log,
    // Seeds are spaced so no two runs or streams of one bench share people or event ids.
    seed: (run, stream) => (options.seed + run * 1_009 + stream * 100_003) % 0xffffffff,
    connectors: () =>
      (connectors ??= provisionConnectors({
        ingestUrl: options.endpoints.ingestUrl,
        channels: CHANNELS,
        adminToken: options.endpoints.ingestAdminToken,
        storePath: options.connectorStore,
        log: options.log,
      })),
    async metered(work) {
      const meter = new ProcessMeter(await (processes ??= options.processes()));
      meter.start();
      try {
        const value = await work();
        return { value, processes: meter.stop() };
      } catch (error) {
        meter.stop();
        throw error;
      }
    },
  };
}

/**
 * Runs every scenario `runs` times, interleaved (a1 b1 c1 … a2 b2 …) so slow drift on a shared
 * machine hits every scenario alike, then takes the medians and the ratios to baselines.
 */
export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const startedAt = new Date().toISOString();
  const context = contextFor(options);
  const collected: Collected[] = [];
  for (const scenario of options.scenarios) {
    const reason = await scenario.unavailable(context);
    if (reason !== undefined)
      options.log(`${scenario.id} ${scenario.title}: unavailable: ${reason}`);
    collected.push({
      scenario,
      status: reason === undefined ? 'ok' : 'unavailable',
      reason,
      runs: new Map(),
    });
  }
  for (let run = 1; run <= options.runs; run++) {
    for (const entry of collected) {
      if (entry.status !== 'ok') continue;
      options.log(`${entry.scenario.id} ${entry.scenario.title}: run ${run}/${options.runs}`);
      try {
        for (const measured of await entry.scenario.run(context, run)) {
          const runs = entry.runs.get(measured.name) ?? [];
          runs.push({
            run,
            metrics: measured.metrics,
            processes: measured.processes,
            ...(measured.details === undefined ? {} : { details: measured.details }),
          });
          entry.runs.set(measured.name, runs);
        }
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        entry.status = error instanceof ScenarioUnavailableError ? 'unavailable' : 'failed';
        entry.reason = `run ${run}: ${message}`;
        options.log(`${entry.scenario.id} ${entry.scenario.title}: ${entry.status}: ${message}`);
      }
    }
  }
  const scenarios = collected.map((entry) => toResult(entry));
  for (const result of scenarios)
    result.comparisons.push(
      ...comparisons(collected.find((c) => c.scenario.id === result.id)!.scenario, scenarios),
    );
  const settings: HarnessSettings = {
    runs: options.runs,
    tiny: options.tiny,
    seed: options.seed,
    scenarios: options.scenarios.map((s) => s.id),
  };
  const result: BenchResult = {
    schemaVersion: 2,
    bench: 'omni-bench',
    startedAt,
    finishedAt: new Date().toISOString(),
    git: gitState(process.cwd()),
    environment: benchEnvironment(),
    settings,
    scenarios,
  };
  return benchResultSchema.parse(result);
}

function toResult(entry: Collected): ScenarioResult {
  const cases: ScenarioCase[] = [...entry.runs].map(([name, runs]) => ({
    name,
    runs,
    medians: medianMetrics(runs.map((r) => r.metrics)),
  }));
  return {
    id: entry.scenario.id,
    title: entry.scenario.title,
    status: entry.status,
    ...(entry.reason === undefined ? {} : { reason: entry.reason }),
    headline: [...entry.scenario.headline],
    cases,
    comparisons: [],
    notes: [...(entry.scenario.notes ?? [])],
  };
}

function comparisons(scenario: BenchScenario, results: readonly ScenarioResult[]): Comparison[] {
  const own = results.find((r) => r.id === scenario.id);
  const found: Comparison[] = [];
  for (const baseline of scenario.baselines ?? []) {
    const other = results.find((r) => r.id === baseline.scenario);
    const baselineCase = other?.cases.find((c) => c.name === (baseline.case ?? 'default'));
    const ownCase = own?.cases.find((c) => c.name === 'default') ?? own?.cases[0];
    const numerator = ownCase?.medians[baseline.metric];
    const denominator = baselineCase?.medians[baseline.metric];
    if (numerator === undefined || denominator === undefined || denominator === 0) continue;
    found.push({
      metric: baseline.metric,
      baselineScenario: baseline.scenario,
      baselineCase: baselineCase!.name,
      ratio: Math.round((numerator / denominator) * 1000) / 1000,
    });
  }
  return found;
}

/** Writes `<dir>/omni-bench-<ISO time>.json` and the `.md` summary beside it; returns the JSON path. */
export function writeResults(result: BenchResult, dir: string): string {
  const { startedAt, settings, scenarios } = result;
  const file = writeBenchResult(result.bench, { startedAt, settings, scenarios }, { dir });
  writeFileSync(file.replace(/\.json$/, '.md'), renderMarkdown(result));
  return file;
}
