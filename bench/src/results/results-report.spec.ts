import { benchResultSchema, type BenchResult } from '@omni/testing';
import { renderMarkdown, renderTable, tableRows } from './results-report';

const result: BenchResult = {
  schemaVersion: 2,
  bench: 'omni-bench',
  startedAt: '2026-11-22T09:00:00.000Z',
  finishedAt: '2026-11-22T09:05:00.000Z',
  git: { sha: 'abc1234', dirty: true },
  environment: {
    node: 'v24.21.0',
    platform: 'linux-x64',
    cpus: 2,
    cpuModel: 'test CPU',
    memoryMb: 24000,
    loadAverage: [1.5, 1.2, 1],
  },
  settings: { runs: 3, tiny: false, seed: 1, scenarios: ['a', 'b', 'c'] },
  scenarios: [
    {
      id: 'a',
      title: 'raw',
      status: 'ok',
      headline: ['eventsPerSecond'],
      cases: [
        {
          name: 'default',
          medians: { eventsPerSecond: 30000 },
          runs: [
            {
              run: 1,
              metrics: { eventsPerSecond: 30000 },
              processes: [
                {
                  name: 'kafka',
                  pids: [1],
                  cpuMs: 900,
                  cpuPercent: 90,
                  rssPeakMb: 700,
                  rssEndMb: 690,
                },
              ],
            },
          ],
        },
      ],
      comparisons: [],
      notes: [],
    },
    {
      id: 'b',
      title: 'http | api',
      status: 'ok',
      headline: ['eventsPerSecond', 'p99Ms'],
      cases: [{ name: 'default', medians: { eventsPerSecond: 6000, p99Ms: 20.25 }, runs: [] }],
      comparisons: [
        { metric: 'eventsPerSecond', baselineScenario: 'a', baselineCase: 'default', ratio: 0.2 },
      ],
      notes: ['per request'],
    },
    {
      id: 'c',
      title: 'end-to-end',
      status: 'unavailable',
      reason: 'identity-resolution is not ready',
      headline: [],
      cases: [],
      comparisons: [],
      notes: [],
    },
  ],
};

describe('result reporting', () => {
  it('has one row per case with headline medians and the ratio to the baseline', () => {
    const rows = tableRows(result);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({
      scenario: 'a raw',
      status: 'ok',
      figures: 'eventsPerSecond 30,000',
      busiest: 'kafka 90% 700MB',
    });
    expect(rows[1]).toMatchObject({
      figures: 'eventsPerSecond 6,000, p99Ms 20.3',
      ratio: 'eventsPerSecond ×0.2 of a',
    });
    expect(rows[2]).toMatchObject({
      scenario: 'c end-to-end',
      status: 'unavailable',
      figures: 'identity-resolution is not ready',
    });
  });

  it('renders a terminal table and a markdown file with the reasons in notes', () => {
    expect(renderTable(result).split('\n')).toHaveLength(5);
    const markdown = renderMarkdown(result);
    expect(markdown).toContain('| b http \\| api |');
    expect(markdown).toContain('- c: unavailable: identity-resolution is not ready');
    expect(markdown).toContain('git abc1234 (uncommitted changes)');
  });

  it('validates a well-formed result and refuses a malformed one', () => {
    expect(benchResultSchema.parse(result)).toEqual(result);
    expect(
      benchResultSchema.safeParse({
        ...result,
        scenarios: [{ ...result.scenarios[0], status: 'great' }],
      }).success,
    ).toBe(false);
  });
});
