import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { benchResultSchema } from './bench-result.schema';
import {
  compareCases,
  damonState,
  scenarioCase,
  writeBenchResult,
  type BenchResultInput,
} from './bench-result';

const raw = scenarioCase('default', [
  { metrics: { eventsPerSecond: 100 } },
  { metrics: { eventsPerSecond: 300 } },
  { metrics: { eventsPerSecond: 200 } },
]);
const relay = scenarioCase('default', [
  { metrics: { eventsPerSecond: 50 }, details: { events: 1000 } },
]);

const input: BenchResultInput = {
  startedAt: '2026-12-04T10:00:00.000Z',
  settings: { events: 1000, runs: 3 },
  scenarios: [
    {
      id: 'raw',
      title: 'raw producer',
      status: 'ok',
      headline: ['eventsPerSecond'],
      cases: [raw],
      comparisons: [],
      notes: [],
    },
    {
      id: 'relay',
      title: 'outbox relay',
      status: 'ok',
      headline: ['eventsPerSecond'],
      cases: [relay],
      comparisons: [
        compareCases('eventsPerSecond', { case: relay }, { scenario: 'raw', case: raw }),
      ],
      notes: [],
    },
  ],
};

describe('writeBenchResult', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'bench-result-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes <name>-<start time>.json that the shared schema accepts, with git and the machine filled in', () => {
    const file = writeBenchResult('messaging-relay', input, { dir });

    expect(path.basename(file)).toBe('messaging-relay-2026-12-04T10-00-00.000Z.json');
    const written = benchResultSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    expect(written).toMatchObject({ schemaVersion: 2, bench: 'messaging-relay', ...input });
    expect(written.git.sha).toMatch(/^([0-9a-f]{4,}|unknown)$/);
    expect(written.environment.cpus).toBeGreaterThan(0);
    expect(written.environment.loadAverage).toHaveLength(3);
    expect(written.environment.damon).toBe(damonState());
    expect(written.environment.nodeFlags?.slice(0, process.execArgv.length)).toEqual(
      process.execArgv,
    );
  });

  it('refuses a result that does not match the schema and writes no file', () => {
    const malformed = {
      ...input,
      scenarios: [{ ...input.scenarios[0], status: 'great' }],
    } as unknown as BenchResultInput;

    expect(() => writeBenchResult('messaging-relay', malformed, { dir })).toThrow(/status/);
    expect(() => writeBenchResult('Not A Name', input, { dir })).toThrow(/bench/);
    expect(() => writeBenchResult('empty', { ...input, scenarios: [] }, { dir })).toThrow();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('never overwrites an earlier result file of the same bench and start time', () => {
    writeBenchResult('messaging-relay', input, { dir });

    expect(() => writeBenchResult('messaging-relay', input, { dir })).toThrow(/EEXIST/);
  });
});

describe('scenarioCase', () => {
  it('numbers the runs from 1 and takes each metric’s median over them', () => {
    expect(raw.runs.map((r) => r.run)).toEqual([1, 2, 3]);
    expect(raw.medians).toEqual({ eventsPerSecond: 200 });
    expect(relay.runs[0]).toEqual({
      run: 1,
      metrics: { eventsPerSecond: 50 },
      details: { events: 1000 },
    });
  });

  it('leaves a metric a run did not measure out of that run and takes the median of the runs that measured it', () => {
    const mixed = scenarioCase('http', [
      { metrics: { eventsPerSecond: 10, loadGeneratorCpuUsPerEvent: undefined } },
      { metrics: { eventsPerSecond: 20, loadGeneratorCpuUsPerEvent: 4 } },
    ]);

    expect(mixed.runs[0].metrics).toEqual({ eventsPerSecond: 10 });
    expect(mixed.medians).toEqual({ eventsPerSecond: 15, loadGeneratorCpuUsPerEvent: 4 });
  });
});

describe('compareCases', () => {
  it('gives the ratio of the two medians to three decimals, naming both cases', () => {
    expect(
      compareCases('eventsPerSecond', { case: relay }, { scenario: 'raw', case: raw }),
    ).toEqual({
      metric: 'eventsPerSecond',
      case: 'default',
      baselineScenario: 'raw',
      baselineCase: 'default',
      ratio: 0.25,
    });
  });

  it('refuses to compare with a baseline that lacks the metric or measured zero', () => {
    const zero = scenarioCase('idle', [{ metrics: { eventsPerSecond: 0 } }]);
    expect(() =>
      compareCases('eventsPerSecond', { case: relay }, { scenario: 'raw', case: zero }),
    ).toThrow('cannot compare eventsPerSecond of default with raw/idle');
    expect(() => compareCases('p99Ms', { case: relay }, { scenario: 'raw', case: raw })).toThrow(
      'cannot compare p99Ms',
    );
  });
});

describe('damonState', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'kdamonds-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const monitor = (name: string, state?: string) => {
    mkdirSync(path.join(dir, name));
    if (state !== undefined) writeFileSync(path.join(dir, name, 'state'), `${state}\n`);
  };

  it('is on when any monitor runs, off when none does, and absent without the folder', () => {
    writeFileSync(path.join(dir, 'nr_kdamonds'), '2\n');
    monitor('0', 'off');
    expect(damonState(dir)).toBe('off');
    monitor('1', 'on');
    expect(damonState(dir)).toBe('on');
    expect(damonState(path.join(dir, 'missing'))).toBe('absent');
  });

  it('counts a monitor without a readable state as not running', () => {
    monitor('0');
    expect(damonState(dir)).toBe('off');
  });
});
