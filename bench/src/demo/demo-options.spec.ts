import { parseDemoOptions } from './demo-options';

describe('parseDemoOptions', () => {
  const now = new Date('2026-11-22T08:00:00Z');

  it('compresses the last 14 days, up to today, into 75 seconds by default', () => {
    expect(parseDemoOptions([], now, () => 5)).toEqual({
      seconds: 75,
      days: 14,
      people: 1500,
      date: '2026-11-22',
      warmupDays: 6,
      seed: 5,
      skipStart: false,
      help: false,
    });
  });

  it('names the flag of a bad value', () => {
    expect(() => parseDemoOptions(['--seconds', '0'], now)).toThrow(/^--seconds:/);
    expect(() => parseDemoOptions(['--days', '0'], now)).toThrow(/^--days:/);
    expect(() => parseDemoOptions(['--date', '21.11.2026'], now)).toThrow(/^--date:/);
    expect(() => parseDemoOptions(['--warmup-days', '-1'], now)).toThrow(/^--warmup-days:/);
  });
});
