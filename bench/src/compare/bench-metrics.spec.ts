import { scenarioCase, type BenchResult } from '@omni/testing';
import { runFigures } from './bench-metrics';

const schemaFile: BenchResult = {
  schemaVersion: 2,
  bench: 'identity',
  startedAt: '2026-12-04T05:00:00.000Z',
  finishedAt: '2026-12-04T05:01:00.000Z',
  git: { sha: 'abc1234', dirty: false },
  environment: {
    node: 'v24.0.0',
    platform: 'linux-x64',
    cpus: 2,
    cpuModel: 'test',
    memoryMb: 4096,
    loadAverage: [1, 1, 1],
  },
  settings: {},
  scenarios: [
    {
      id: 'batch',
      title: 'batch',
      status: 'ok',
      headline: ['eventsPerSecond', 'latencyP99Ms'],
      cases: [scenarioCase('default', [{ metrics: { eventsPerSecond: 900, latencyP99Ms: 80 } }])],
      comparisons: [],
      notes: [],
    },
    {
      id: 'http',
      title: 'by replicas',
      status: 'ok',
      headline: ['eventsPerSecond'],
      cases: [
        scenarioCase('replicas 1', [{ metrics: { eventsPerSecond: 10 } }]),
        scenarioCase('replicas 2', [{ metrics: { eventsPerSecond: 20 } }]),
      ],
      comparisons: [],
      notes: [],
    },
    {
      id: 'batch-of-one',
      title: 'skipped',
      status: 'unavailable',
      headline: ['eventsPerSecond'],
      cases: [],
      comparisons: [],
      notes: [],
    },
  ],
};

describe('runFigures', () => {
  it('names a shared-schema figure by scenario, and by case when there are several', () => {
    expect(runFigures(schemaFile)).toEqual({
      metrics: {
        'batch.eventsPerSecond': 900,
        'batch.latencyP99Ms': 80,
        'http[replicas 1].eventsPerSecond': 10,
        'http[replicas 2].eventsPerSecond': 20,
      },
      headline: [
        'batch.eventsPerSecond',
        'batch.latencyP99Ms',
        'http[replicas 1].eventsPerSecond',
        'http[replicas 2].eventsPerSecond',
      ],
    });
  });

  it('reads an identity file from before the shared schema under the same names', () => {
    const figures = runFigures({
      bench: 'identity-resolution',
      summary: {
        eventsPerSecond: 1200,
        baselinePerEventEventsPerSecond: null,
        latencyRate: 600,
        latencyP50Ms: 30,
        latencyP99Ms: 90,
        precision: 1,
        recall: 1,
        cpuUsPerEvent: { service: 70, postgres: 40, kafka: 10, loadGenerator: 9, machine: 130 },
      },
    });
    expect(figures.metrics).toMatchObject({
      'batch.eventsPerSecond': 1200,
      'batch.latencyP99Ms': 90,
      'batch.precision': 1,
      'batch.serviceCpuUsPerEvent': 70,
    });
    expect(figures.metrics['batch-of-one.eventsPerSecond']).toBeUndefined();
    expect(figures.headline).toContain('batch.recall');
  });

  it('reads an ingest file from before the shared schema under the same names', () => {
    const figures = runFigures({
      benchmark: 'ingest-http-throughput',
      baseline: { medianEventsPerSecond: 25000, medianCpuUsPerEvent: 30 },
      omniProducer: { medianEventsPerSecond: 70000, medianCpuUsPerEvent: 12 },
      http: {
        byReplicas: [
          {
            replicas: 1,
            medianEventsPerSecond: 19000,
            medianServiceCpuUsPerEvent: 50,
            medianMachineCpuUsPerEvent: 80,
          },
        ],
      },
      halfLoad: { replicas: 1, p50Ms: 9, p99Ms: 110 },
    });
    expect(figures.metrics).toEqual({
      'raw-kafkajs.eventsPerSecond': 25000,
      'raw-kafkajs.cpuUsPerEvent': 30,
      'raw-omni.eventsPerSecond': 70000,
      'raw-omni.cpuUsPerEvent': 12,
      'http[replicas 1].eventsPerSecond': 19000,
      'http[replicas 1].cpuUsPerEvent': 50,
      'http[replicas 1].machineCpuUsPerEvent': 80,
      'half-load[replicas 1].p50Ms': 9,
      'half-load[replicas 1].p99Ms': 110,
    });
  });

  it('refuses a file of an unknown shape, naming its bench', () => {
    expect(() => runFigures({ bench: 'pricing', figures: {} })).toThrow(/"pricing"/);
  });
});
