import { parseCompareOptions } from './compare-options';

describe('parseCompareOptions', () => {
  it('runs the identity bench three times a side without its per-event baseline by default', () => {
    expect(
      parseCompareOptions(['--base', '98d3a96', '--target', 'identity-resolution:bench']),
    ).toEqual({
      base: '98d3a96',
      project: 'identity-resolution',
      target: 'bench',
      runs: 3,
      benchArgs: ['--skip-baseline'],
      keepWorktree: false,
      help: false,
    });
  });

  it('passes the bench flags given, split on spaces, instead of the defaults', () => {
    const options = parseCompareOptions([
      '--base=main',
      '--target=ingest:bench',
      '--runs=2',
      '--bench-args=--events 2000  --replicas 1',
    ]);
    expect(options.benchArgs).toEqual(['--events', '2000', '--replicas', '1']);
    expect(options.runs).toBe(2);
  });

  it('names the flag of a missing or malformed setting', () => {
    expect(() => parseCompareOptions(['--target', 'ingest:bench'])).toThrow(/^--base:/);
    expect(() => parseCompareOptions(['--base', 'x', '--target', 'ingest'])).toThrow(/^--target:/);
    expect(() => parseCompareOptions(['--base', 'x', '--target', 'a:b:c'])).toThrow(/^--target:/);
    expect(() =>
      parseCompareOptions(['--base', 'x', '--target', 'ingest:bench', '--runs', '0']),
    ).toThrow(/^--runs:/);
    expect(() =>
      parseCompareOptions(['--base', 'x', '--target', 'ingest:bench', '--bench-args', '--runs 5']),
    ).toThrow(/^--bench-args:/);
  });
});
