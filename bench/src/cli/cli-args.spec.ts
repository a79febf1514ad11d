import {
  CliArgumentError,
  isoDate,
  listOf,
  numberList,
  parseFlags,
  positiveInteger,
  positiveNumber,
  usage,
} from './cli-args';

const specs = {
  rate: { type: 'string', description: 'events per second', default: '100' },
  seed: { type: 'string', description: 'seed' },
  tiny: { type: 'boolean', description: 'small' },
} as const;

describe('parseFlags', () => {
  it('reads --flag value, --flag=value and booleans, with defaults for the rest', () => {
    expect(parseFlags(['--rate', '250', '--tiny'], specs)).toEqual({
      rate: '250',
      seed: undefined,
      tiny: true,
    });
    expect(parseFlags(['--seed=7'], specs)).toEqual({ rate: '100', seed: '7', tiny: false });
  });

  it('names an unknown flag in the error', () => {
    expect(() => parseFlags(['--rat', '5'], specs)).toThrow(CliArgumentError);
    expect(() => parseFlags(['--rat', '5'], specs)).toThrow(/^--rat: unknown flag/);
  });

  it('names a flag whose value is missing', () => {
    expect(() => parseFlags(['--rate'], specs)).toThrow(/^--rate: expects a value/);
  });

  it('refuses a stray word instead of ignoring it', () => {
    expect(() => parseFlags(['fast'], specs)).toThrow(/^fast: unexpected argument/);
  });
});

describe('value checks', () => {
  it('accepts whole numbers in range and names the flag otherwise', () => {
    expect(positiveInteger('runs', '3')).toBe(3);
    expect(() => positiveInteger('runs', '2.5')).toThrow(
      '--runs: expected a whole number from 1 to',
    );
    expect(() => positiveInteger('runs', '0')).toThrow(/^--runs:/);
    expect(() => positiveInteger('batch', '1001', 1000)).toThrow(
      '--batch: expected a whole number from 1 to 1000, got "1001"',
    );
  });

  it('accepts positive decimals and refuses zero, text and empty values', () => {
    expect(positiveNumber('rate', '12.5')).toBe(12.5);
    expect(() => positiveNumber('rate', '0')).toThrow(/^--rate: expected a number above 0/);
    expect(() => positiveNumber('rate', 'fast')).toThrow(/^--rate:/);
    expect(() => positiveNumber('rate', '')).toThrow(/^--rate:/);
  });

  it('reads a list of known names without repeats and names the unknown one', () => {
    expect(listOf('scenarios', 'a, b,a', ['a', 'b', 'c'])).toEqual(['a', 'b']);
    expect(() => listOf('scenarios', 'a,z', ['a', 'b'])).toThrow(
      '--scenarios: expected one of a, b, got "z"',
    );
    expect(() => listOf('scenarios', ',', ['a'])).toThrow(
      /^--scenarios: expected a comma-separated list/,
    );
  });

  it('reads a list of numbers', () => {
    expect(numberList('loads', '100,250')).toEqual([100, 250]);
    expect(() => numberList('loads', '100,x')).toThrow(/^--loads:/);
  });

  it('checks calendar dates', () => {
    expect(isoDate('date', '2025-06-01')).toBe('2025-06-01');
    expect(() => isoDate('date', '06/01/2025')).toThrow('--date: expected a date as YYYY-MM-DD');
  });
});

describe('usage', () => {
  it('lists every flag with its default', () => {
    const text = usage('npm run x', 'Does x.', specs);
    expect(text).toContain('--rate <value>');
    expect(text).toContain('(default 100)');
    expect(text).toContain('--tiny');
  });
});
