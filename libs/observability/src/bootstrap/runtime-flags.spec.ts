import { spawnSync } from 'node:child_process';
import path from 'node:path';
import v8 from 'node:v8';
import { Module } from '@nestjs/common';
import { createServiceApp } from './bootstrap-service';

const root = path.resolve(__dirname, '../../../..');

// Each case loads fresh copies of the modules: the flags are applied once per process.
function isolated<T>(load: () => T): T {
  let loaded: T | undefined;
  jest.isolateModules(() => {
    loaded = load();
  });
  return loaded!;
}

// One allocation site whose objects all outlive several scavenges, as a burst's batches do.
// With --trace-pretenuring-statistics V8 prints a line for each pretenuring decision it makes.
const WORKLOAD = `
function make(i) { return { i, pair: [i, i + 1], label: 'x' + i }; }
const kept = [];
for (let round = 0; round < 60; round++) {
  const batch = [];
  for (let i = 0; i < 50000; i++) batch.push(make(i));
  kept.push(batch);
  if (kept.length > 4) kept.shift();
}`;

function pretenuringDecisions(apply: boolean): string[] {
  const script = `${apply ? "require('./libs/observability/src/bootstrap/runtime-flags').applyServiceV8Flags();" : ''}${WORKLOAD}`;
  const result = spawnSync(
    process.execPath,
    [
      '--trace-pretenuring',
      '--trace-pretenuring-statistics',
      '-r',
      './tools/ts-register.cjs',
      '-e',
      script,
    ],
    { cwd: root, encoding: 'utf8', timeout: 60_000 },
  );
  expect(result.status).toBe(0);
  return result.stdout.split('\n').filter((line) => line.includes('pretenuring:'));
}

@Module({})
class EmptyModule {}

describe('the V8 flags of every service', () => {
  afterEach(() => jest.restoreAllMocks());

  it('turns allocation-site pretenuring off, once per process', () => {
    const set = jest.spyOn(v8, 'setFlagsFromString').mockImplementation(() => undefined);
    const { applyServiceV8Flags, SERVICE_V8_FLAGS } = isolated(() =>
      jest.requireActual<typeof import('./runtime-flags')>('./runtime-flags'),
    );
    expect(SERVICE_V8_FLAGS).toEqual(['--no-allocation-site-pretenuring']);
    applyServiceV8Flags();
    applyServiceV8Flags();
    expect(set.mock.calls).toEqual([['--no-allocation-site-pretenuring']]);
  });

  it('are applied by startTracing, even with tracing turned off', () => {
    const set = jest.spyOn(v8, 'setFlagsFromString').mockImplementation(() => undefined);
    const handle = isolated(() =>
      jest
        .requireActual<typeof import('../tracing/start-tracing')>('../tracing/start-tracing')
        .startTracing({ serviceName: 'crm', env: { OTEL_TRACES_ENABLED: 'false' } }),
    );
    expect(handle.enabled).toBe(false);
    expect(set).toHaveBeenCalledWith('--no-allocation-site-pretenuring');
  });

  it('are applied by createServiceApp (an app built without startTracing: benches, tests)', async () => {
    // This file's own copy of the module, which nothing above has applied.
    const set = jest.spyOn(v8, 'setFlagsFromString').mockImplementation(() => undefined);
    const app = await createServiceApp({
      module: EmptyModule,
      serviceName: 'pricing',
      logger: { env: { LOG_LEVEL: 'silent' } },
    });
    await app.close();
    expect(set.mock.calls).toEqual([['--no-allocation-site-pretenuring']]);
  });

  it('stop V8 pretenuring a site whose objects outlive scavenges (a real process)', () => {
    // The control: the same workload without the flags does get pretenuring decisions, so the
    // empty list below is the flag's doing and not a workload V8 would leave alone anyway.
    expect(pretenuringDecisions(false)).not.toEqual([]);
    expect(pretenuringDecisions(true)).toEqual([]);
  }, 120_000);
});
