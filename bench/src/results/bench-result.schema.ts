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
  processes: z.array(processUsageSchema),
  /** Scenario-specific facts worth keeping (seeds, counts, error causes). */
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
  baselineScenario: z.string().min(1),
  baselineCase: z.string().min(1),
  /** This scenario's median over the baseline's median, both measured in this bench run. */
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

/** The result file the harness writes; consumers (and the CI test) validate it with this. */
export const benchResultSchema = z.strictObject({
  harness: z.literal('omni-bench'),
  schemaVersion: z.literal(1),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  git: z.strictObject({ sha: z.string().min(1), dirty: z.boolean() }),
  environment: z.strictObject({
    node: z.string(),
    platform: z.string(),
    cpus: z.int().positive(),
    memoryMb: z.int().positive(),
  }),
  settings: z.strictObject({
    runs: z.int().min(1),
    tiny: z.boolean(),
    seed: z.int().min(0),
    scenarios: z.array(z.string().min(1)),
  }),
  scenarios: z.array(scenarioResultSchema),
});

export type BenchResult = z.infer<typeof benchResultSchema>;
export type ScenarioResult = z.infer<typeof scenarioResultSchema>;
export type ScenarioCase = z.infer<typeof scenarioCaseSchema>;
export type ScenarioRun = z.infer<typeof scenarioRunSchema>;
export type Comparison = z.infer<typeof comparisonSchema>;
