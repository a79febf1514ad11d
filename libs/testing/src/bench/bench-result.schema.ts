import { z } from 'zod';

const metrics = z.record(z.string(), z.number());

export const processUsageSchema = z.strictObject({
  name: z.string().min(1),
  pids: z.array(z.int().positive()),
  cpuMs: z.number().min(0),
  cpuPercent: z.number().min(0),
  rssPeakMb: z.number().min(0),
  rssEndMb: z.number().min(0),
});

export const scenarioRunSchema = z.strictObject({
  run: z.int().min(1),
  metrics,
  /** CPU and memory of the processes under test, when the bench samples them. */
  processes: z.array(processUsageSchema).optional(),
  /** Scenario-specific facts worth keeping (seeds, counts, statuses, error causes). */
  details: z.record(z.string(), z.unknown()).optional(),
});

export const scenarioCaseSchema = z.strictObject({
  /** e.g. `default`, or `offered 500/s` for one load level of the end-to-end scenario. */
  name: z.string().min(1),
  runs: z.array(scenarioRunSchema),
  medians: metrics,
});

export const comparisonSchema = z.strictObject({
  metric: z.string().min(1),
  /** The case of this scenario compared; without it, `default` or else the first case. */
  case: z.string().min(1).optional(),
  baselineScenario: z.string().min(1),
  baselineCase: z.string().min(1),
  /** This case's median over the baseline's median, both measured in the same invocation. */
  ratio: z.number(),
});

export const scenarioResultSchema = z.strictObject({
  id: z.string().min(1),
  title: z.string().min(1),
  status: z.enum(['ok', 'unavailable', 'failed']),
  reason: z.string().optional(),
  /** The metric names that matter most, in the order the table shows them. */
  headline: z.array(z.string()),
  cases: z.array(scenarioCaseSchema),
  comparisons: z.array(comparisonSchema),
  notes: z.array(z.string()),
});

export const benchEnvironmentSchema = z.strictObject({
  node: z.string(),
  platform: z.string(),
  cpus: z.int().positive(),
  cpuModel: z.string(),
  memoryMb: z.int().positive(),
  /** 1, 5 and 15 minute load averages when the bench finished: a busy machine shows here. */
  loadAverage: z.tuple([z.number(), z.number(), z.number()]),
  /**
   * The bench process's Node and V8 flags (its `execArgv`, then `NODE_OPTIONS`): those of a
   * service it runs in process, such as `--max-semi-space-size`. Absent in older files.
   */
  nodeFlags: z.array(z.string()).optional(),
  /**
   * Whether the kernel's DAMON access monitor (a `kdamond` thread) was running when the bench
   * finished: `absent` where the kernel has no DAMON sysfs. On a small machine it can take a
   * core for tens of milliseconds at a time (ADR 0038). Absent in older files.
   */
  damon: z.enum(['on', 'off', 'absent']).optional(),
});

/** Every result file under bench/results/ that a bench writes; readers validate it with this. */
export const benchResultSchema = z.strictObject({
  schemaVersion: z.literal(2),
  /** Which bench wrote it, also the start of its file name: `omni-bench`, `ingest-http`, … */
  bench: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  git: z.strictObject({ sha: z.string().min(1), dirty: z.boolean() }),
  environment: benchEnvironmentSchema,
  /** The bench's options as run, defaults included. */
  settings: z.record(z.string(), z.unknown()),
  scenarios: z.array(scenarioResultSchema).min(1),
});

export type BenchResult = z.infer<typeof benchResultSchema>;
export type BenchEnvironment = z.infer<typeof benchEnvironmentSchema>;
export type ScenarioResult = z.infer<typeof scenarioResultSchema>;
export type ScenarioCase = z.infer<typeof scenarioCaseSchema>;
export type ScenarioRun = z.infer<typeof scenarioRunSchema>;
export type Comparison = z.infer<typeof comparisonSchema>;
export type ProcessUsage = z.infer<typeof processUsageSchema>;
