import { sideBySide, type SideRun } from './compare-result';

const run = (metrics: Record<string, number>, headline: string[]): SideRun => ({
  metrics,
  headline,
  details: {},
});

describe('sideBySide', () => {
  it('takes each side’s median and divides the current one by the base one', () => {
    const headline = ['batch.eventsPerSecond', 'batch.latencyP99Ms'];
    const result = sideBySide(
      [
        run({ 'batch.eventsPerSecond': 1000, 'batch.latencyP99Ms': 90 }, headline),
        run({ 'batch.eventsPerSecond': 1200, 'batch.latencyP99Ms': 110 }, headline),
        run({ 'batch.eventsPerSecond': 1100, 'batch.latencyP99Ms': 100 }, headline),
      ],
      [
        run({ 'batch.eventsPerSecond': 2200, 'batch.latencyP99Ms': 50 }, headline),
        run({ 'batch.eventsPerSecond': 2000, 'batch.latencyP99Ms': 60 }, headline),
        run({ 'batch.eventsPerSecond': 2400, 'batch.latencyP99Ms': 40 }, headline),
      ],
    );
    expect(result.base.medians).toEqual({
      'batch.eventsPerSecond': 1100,
      'batch.latencyP99Ms': 100,
    });
    expect(result.current.runs).toHaveLength(3);
    expect(result.comparisons.map(({ metric, ratio }) => ({ metric, ratio }))).toEqual([
      { metric: 'batch.eventsPerSecond', ratio: 2 },
      { metric: 'batch.latencyP99Ms', ratio: 0.5 },
    ]);
    expect(result.oneSided).toEqual([]);
  });

  it('lists a headline figure only one side measured instead of comparing it', () => {
    const result = sideBySide(
      [run({ 'raw.eventsPerSecond': 10 }, ['raw.eventsPerSecond'])],
      [
        run({ 'raw.eventsPerSecond': 12, 'raw.machineCpuUsPerEvent': 80 }, [
          'raw.eventsPerSecond',
          'raw.machineCpuUsPerEvent',
        ]),
      ],
    );
    expect(result.compared).toEqual(['raw.eventsPerSecond']);
    expect(result.oneSided).toEqual(['raw.machineCpuUsPerEvent']);
  });

  it('leaves out the ratio of a figure whose base median is zero', () => {
    const result = sideBySide(
      [run({ 'x.errors': 0 }, ['x.errors'])],
      [run({ 'x.errors': 2 }, ['x.errors'])],
    );
    expect(result.compared).toEqual(['x.errors']);
    expect(result.comparisons).toEqual([]);
  });
});
