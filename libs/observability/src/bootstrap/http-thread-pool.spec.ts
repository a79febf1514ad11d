import { workerExecArgv, workerResourceLimits } from './http-thread-pool';

describe('workerExecArgv', () => {
  it('keeps module loaders with their values and source maps', () => {
    const execArgv = [
      '-r',
      './tools/ts-register.cjs',
      '--require',
      'dotenv/config',
      '--require=./preload.cjs',
      '--import',
      './register.mjs',
      '--import=tsx',
      '--enable-source-maps',
    ];

    expect(workerExecArgv(execArgv)).toEqual(execArgv);
  });

  it('drops V8 flags, which a worker refuses, and keeps the loaders around them', () => {
    expect(
      workerExecArgv([
        '--max-semi-space-size=32',
        '-r',
        './tools/ts-register.cjs',
        '--expose-gc',
        '--inspect',
        '--max-old-space-size=512',
        '--enable-source-maps',
      ]),
    ).toEqual(['-r', './tools/ts-register.cjs', '--enable-source-maps']);
  });

  it('keeps nothing of a process started without options', () => {
    expect(workerExecArgv([])).toEqual([]);
  });
});

describe('workerResourceLimits', () => {
  it("gives each worker three times the main thread's semi-space as its young generation", () => {
    expect(workerResourceLimits(['-r', 'x.cjs', '--max-semi-space-size=32'])).toEqual({
      maxYoungGenerationSizeMb: 96,
    });
  });

  it('reads the underscore spelling of the flag too', () => {
    expect(workerResourceLimits(['--max_semi_space_size=16'])).toEqual({
      maxYoungGenerationSizeMb: 48,
    });
  });

  it('sets no limit when the main thread has no semi-space size', () => {
    expect(workerResourceLimits(['-r', 'x.cjs', '--max-old-space-size=512'])).toEqual({});
  });
});
