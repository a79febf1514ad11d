import { parseRestartOptions } from './restart-options';

describe('parseRestartOptions', () => {
  it('restarts both services three times by default', () => {
    expect(parseRestartOptions([])).toEqual({
      runs: 3,
      services: ['ingest', 'identity-resolution'],
      build: false,
      help: false,
    });
  });

  it('names the flag of a bad value', () => {
    expect(() => parseRestartOptions(['--runs', '0'])).toThrow(/^--runs:/);
    expect(() => parseRestartOptions(['--services', 'pricing'])).toThrow(/^--services:/);
  });
});
