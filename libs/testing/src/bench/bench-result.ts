import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import {
  benchResultSchema,
  type BenchEnvironment,
  type BenchResult,
  type Comparison,
  type ProcessUsage,
  type ScenarioCase,
} from './bench-result.schema';
import { medianMetrics, round } from './stats';

/** The repository root, where bench/results/ lives (this file is libs/testing/src/bench). */
const repoRoot = path.resolve(__dirname, '../../../..');

/** The commit measured and whether the working tree had changes; `unknown` outside git. */
export function gitState(root = repoRoot): BenchResult['git'] {
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  try {
    return { sha: git('rev-parse', '--short', 'HEAD'), dirty: git('status', '--porcelain') !== '' };
  } catch {
    return { sha: 'unknown', dirty: false };
  }
}

/** Where the kernel lists its DAMON monitors, one folder each with a `state` file. */
export const DAMON_KDAMONDS = '/sys/kernel/mm/damon/admin/kdamonds';

/** `on` when any DAMON monitor under `kdamonds` runs, `off` when none does, `absent` without DAMON. */
export function damonState(kdamonds = DAMON_KDAMONDS): 'on' | 'off' | 'absent' {
  let monitors: string[];
  try {
    monitors = readdirSync(kdamonds).filter((name) => /^\d+$/.test(name));
  } catch {
    return 'absent';
  }
  const running = monitors.some((name) => {
    try {
      return readFileSync(path.join(kdamonds, name, 'state'), 'utf8').trim() === 'on';
    } catch {
      return false;
    }
  });
  return running ? 'on' : 'off';
}

export function benchEnvironment(): BenchEnvironment {
  const [one, five, fifteen] = loadavg();
  return {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryMb: Math.round(totalmem() / 1_048_576),
    loadAverage: [round(one, 2), round(five, 2), round(fifteen, 2)],
    nodeFlags: [
      ...process.execArgv,
      ...(process.env['NODE_OPTIONS']?.split(/\s+/).filter((flag) => flag !== '') ?? []),
    ],
    damon: damonState(),
  };
}

/** What a bench measured; writeBenchResult adds the rest. */
export type BenchResultInput = Omit<
  BenchResult,
  'schemaVersion' | 'bench' | 'finishedAt' | 'git' | 'environment'
>;

export type WriteBenchResultOptions = {
  /** Default: bench/results/ at the repository root. */
  readonly dir?: string;
};

/**
 * Validates the result against the shared schema and writes `<dir>/<name>-<startedAt>.json`
 * with the commit, its dirtiness and the machine filled in; returns the file's path. A result
 * that does not match the schema throws and writes nothing.
 */
export function writeBenchResult(
  name: string,
  input: BenchResultInput,
  options: WriteBenchResultOptions = {},
): string {
  const result = benchResultSchema.parse({
    schemaVersion: 2,
    bench: name,
    startedAt: input.startedAt,
    finishedAt: new Date().toISOString(),
    git: gitState(),
    environment: benchEnvironment(),
    settings: input.settings,
    scenarios: input.scenarios,
  } satisfies BenchResult);
  const dir = options.dir ?? path.join(repoRoot, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}-${result.startedAt.replace(/:/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`, { flag: 'wx' });
  return file;
}

export type MeasuredRun = {
  /** A metric left undefined was not measured in this run (it stays out of the file). */
  readonly metrics: Readonly<Record<string, number | undefined>>;
  readonly processes?: ProcessUsage[];
  readonly details?: Record<string, unknown>;
};

/** A case from its runs in order (numbered from 1), with each metric's median over them. */
export function scenarioCase(name: string, runs: readonly MeasuredRun[]): ScenarioCase {
  const numbered = runs.map((measured, index) => ({
    run: index + 1,
    metrics: Object.fromEntries(
      Object.entries(measured.metrics).filter(
        (entry): entry is [string, number] => entry[1] !== undefined,
      ),
    ),
    ...(measured.processes && { processes: measured.processes }),
    ...(measured.details && { details: measured.details }),
  }));
  return { name, runs: numbered, medians: medianMetrics(numbered.map((run) => run.metrics)) };
}

/** The ratio of one case's median of `metric` to a baseline case's, to three decimals. */
export function compareCases(
  metric: string,
  own: { readonly case: ScenarioCase },
  baseline: { readonly scenario: string; readonly case: ScenarioCase },
): Comparison {
  const numerator = own.case.medians[metric];
  const denominator = baseline.case.medians[metric];
  if (numerator === undefined || denominator === undefined || denominator === 0)
    throw new Error(
      `cannot compare ${metric} of ${own.case.name} with ${baseline.scenario}/${baseline.case.name}: no median or a zero baseline`,
    );
  return {
    metric,
    case: own.case.name,
    baselineScenario: baseline.scenario,
    baselineCase: baseline.case.name,
    ratio: round(numerator / denominator, 3),
  };
}
