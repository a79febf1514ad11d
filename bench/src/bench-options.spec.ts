import { parseBenchOptions } from './bench-options';

const ids = ['a', 'b', 'c', 'd'];
const seed = () => 9;

describe('parseBenchOptions', () => {
  it('runs every scenario three times by default', () => {
    expect(parseBenchOptions([], ids, seed)).toEqual({
      scenarios: ids,
      runs: 3,
      tiny: false,
      seed: 9,
      resultsDir: 'bench/results',
      skipStart: false,
      help: false,
    });
  });

  it('takes a subset of scenarios, more runs, tiny sizes and end-to-end loads', () => {
    expect(
      parseBenchOptions(
        ['--scenarios', 'a,b', '--runs=5', '--tiny', '--loads', '100,200', '--load-seconds', '4'],
        ids,
        seed,
      ),
    ).toMatchObject({
      scenarios: ['a', 'b'],
      runs: 5,
      tiny: true,
      loads: [100, 200],
      loadSeconds: 4,
    });
  });

  it('refuses fewer than three runs, since a median of fewer says little', () => {
    expect(() => parseBenchOptions(['--runs', '2'], ids, seed)).toThrow(
      /^--runs: expected at least 3/,
    );
  });

  it('names an unknown scenario, an unknown flag and loads out of order', () => {
    expect(() => parseBenchOptions(['--scenarios', 'a,x'], ids, seed)).toThrow(
      '--scenarios: expected one of a, b, c, d, got "x"',
    );
    expect(() => parseBenchOptions(['--run', '3'], ids, seed)).toThrow(/^--run: unknown flag/);
    expect(() => parseBenchOptions(['--loads', '500,100'], ids, seed)).toThrow(
      /^--loads: expected ascending loads/,
    );
  });
});
