import { benchResultSchema } from '@omni/testing';

/** One bench run's figures, flattened to `scenario.metric` (or `scenario[case].metric`) names. */
export type RunFigures = {
  readonly metrics: Record<string, number>;
  /** The names that matter most, in the order the bench ranks them. */
  readonly headline: string[];
};

const key = (scenario: string, caseName: string, single: boolean, metric: string) =>
  single && caseName === 'default' ? `${scenario}.${metric}` : `${scenario}[${caseName}].${metric}`;

/** A result file of the shared schema: every case median of every scenario that ran. */
function fromSchema(file: unknown): RunFigures {
  const result = benchResultSchema.parse(file);
  const metrics: Record<string, number> = {};
  const headline: string[] = [];
  for (const scenario of result.scenarios) {
    if (scenario.status !== 'ok') continue;
    for (const c of scenario.cases) {
      const single = scenario.cases.length === 1;
      for (const [metric, value] of Object.entries(c.medians))
        metrics[key(scenario.id, c.name, single, metric)] = value;
      for (const metric of scenario.headline)
        if (c.medians[metric] !== undefined)
          headline.push(key(scenario.id, c.name, single, metric));
    }
  }
  return { metrics, headline };
}

type LegacyIdentity = {
  bench: 'identity-resolution';
  summary: {
    eventsPerSecond: number;
    baselinePerEventEventsPerSecond: number | null;
    latencyRate: number;
    latencyP50Ms: number;
    latencyP99Ms: number;
    precision: number;
    recall: number;
    cpuUsPerEvent: Record<'service' | 'postgres' | 'kafka' | 'loadGenerator' | 'machine', number>;
  };
};

/** identity-resolution.bench.ts before the shared schema, named as the schema version names them. */
function fromLegacyIdentity({ summary }: LegacyIdentity): RunFigures {
  const metrics: Record<string, number> = {
    'batch.eventsPerSecond': summary.eventsPerSecond,
    'batch.latencyRate': summary.latencyRate,
    'batch.latencyP50Ms': summary.latencyP50Ms,
    'batch.latencyP99Ms': summary.latencyP99Ms,
    'batch.precision': summary.precision,
    'batch.recall': summary.recall,
  };
  for (const [kind, us] of Object.entries(summary.cpuUsPerEvent))
    metrics[`batch.${kind}CpuUsPerEvent`] = us;
  if (summary.baselinePerEventEventsPerSecond !== null)
    metrics['batch-of-one.eventsPerSecond'] = summary.baselinePerEventEventsPerSecond;
  return {
    metrics,
    headline: [
      'batch.eventsPerSecond',
      'batch.latencyP99Ms',
      'batch.precision',
      'batch.recall',
      'batch.serviceCpuUsPerEvent',
      'batch.machineCpuUsPerEvent',
      ...(summary.baselinePerEventEventsPerSecond === null ? [] : ['batch-of-one.eventsPerSecond']),
    ],
  };
}

type LegacyIngest = {
  benchmark: 'ingest-http-throughput';
  baseline: { medianEventsPerSecond: number; medianCpuUsPerEvent: number };
  omniProducer: { medianEventsPerSecond: number; medianCpuUsPerEvent: number };
  http: {
    byReplicas: {
      replicas: number;
      medianEventsPerSecond: number;
      medianServiceCpuUsPerEvent: number;
      medianMachineCpuUsPerEvent: number;
    }[];
  };
  halfLoad: { replicas: number; p50Ms: number; p99Ms: number };
};

/** ingest-throughput.bench.ts before the shared schema, named as the schema version names them. */
function fromLegacyIngest(report: LegacyIngest): RunFigures {
  const metrics: Record<string, number> = {
    'raw-kafkajs.eventsPerSecond': report.baseline.medianEventsPerSecond,
    'raw-kafkajs.cpuUsPerEvent': report.baseline.medianCpuUsPerEvent,
    'raw-omni.eventsPerSecond': report.omniProducer.medianEventsPerSecond,
    'raw-omni.cpuUsPerEvent': report.omniProducer.medianCpuUsPerEvent,
  };
  const headline = ['raw-kafkajs.eventsPerSecond', 'raw-omni.eventsPerSecond'];
  for (const replicas of report.http.byReplicas) {
    const http = `http[replicas ${replicas.replicas}]`;
    metrics[`${http}.eventsPerSecond`] = replicas.medianEventsPerSecond;
    metrics[`${http}.cpuUsPerEvent`] = replicas.medianServiceCpuUsPerEvent;
    metrics[`${http}.machineCpuUsPerEvent`] = replicas.medianMachineCpuUsPerEvent;
    headline.push(`${http}.eventsPerSecond`, `${http}.cpuUsPerEvent`);
  }
  const half = `half-load[replicas ${report.halfLoad.replicas}]`;
  metrics[`${half}.p50Ms`] = report.halfLoad.p50Ms;
  metrics[`${half}.p99Ms`] = report.halfLoad.p99Ms;
  headline.push(`${half}.p99Ms`, `${half}.p50Ms`);
  return { metrics, headline };
}

/**
 * The figures of one bench result file: the shared schema (version 2), or one of the two
 * older shapes a revision from before it writes (identity and ingest), so an older revision's
 * own bench can be compared without changing it.
 */
export function runFigures(file: unknown): RunFigures {
  const shape = file as {
    schemaVersion?: unknown;
    bench?: unknown;
    benchmark?: unknown;
    summary?: unknown;
  };
  if (shape.schemaVersion !== undefined) return fromSchema(file);
  if (shape.bench === 'identity-resolution' && typeof shape.summary === 'object')
    return fromLegacyIdentity(file as LegacyIdentity);
  if (shape.benchmark === 'ingest-http-throughput') return fromLegacyIngest(file as LegacyIngest);
  throw new Error(
    `unknown result file shape (bench ${JSON.stringify(shape.bench ?? shape.benchmark)}): neither the shared schema nor an older identity or ingest file`,
  );
}
