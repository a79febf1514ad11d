import { benchArgs, positiveOption } from './bench-args';

describe('positiveOption', () => {
  it('reads a positive whole number', () => {
    expect(positiveOption({ runs: '3' }, 'runs')).toBe(3);
  });

  it.each(['0', '-2', '1.5', 'three', undefined])('stops with the option name on %p', (value) => {
    expect(() => positiveOption({ runs: value }, 'runs')).toThrow(
      `--runs must be a positive whole number, got ${String(value)}`,
    );
  });
});

describe('benchArgs', () => {
  const parse = (argv: string[]) =>
    benchArgs(
      { runs: 3, events: 30_000 },
      { 'skip-baseline': { type: 'boolean', default: false }, sizes: { type: 'string' } },
      argv,
    );

  it('answers the defaults of the counts and the other options as parseArgs types them', () => {
    expect(parse([])).toEqual({
      counts: { runs: 3, events: 30_000 },
      values: { runs: '3', events: '30000', 'skip-baseline': false },
    });
  });

  it('reads the options given on the command line', () => {
    const { counts, values } = parse(['--runs', '5', '--skip-baseline', '--sizes', '1000,2000']);
    expect(counts).toEqual({ runs: 5, events: 30_000 });
    expect([values['skip-baseline'], values.sizes]).toEqual([true, '1000,2000']);
  });

  it('stops with the name of a count that is not a positive whole number', () => {
    expect(() => parse(['--events', '0'])).toThrow('--events must be a positive whole number');
  });

  it('stops on an option the benchmark does not know', () => {
    expect(() => parse(['--evnets', '10'])).toThrow(/evnets/);
  });
});
