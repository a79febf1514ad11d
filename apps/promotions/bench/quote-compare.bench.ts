// Promotions: POST /v1/quotes of this checkout against another checkout's (a baseline: a git
// worktree, or `git archive <commit> | tar -x -C <dir>` with node_modules linked), in one
// process on one database, so both see the same machine load: saturation bursts alternate
// between the two apps (baseline, this, this, baseline, …) and each burst's quotes/s and the
// process's CPU per quote are recorded. The baseline runs its own apps/promotions code with
// this checkout's libs (the `@omni/*` paths resolve here).
// Run: npx nx run promotions:bench-compare -- --baseline /tmp/promotions-before
// Writes bench/results/promotions-compare-<ISO date>.json at the repository root.
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { benchArgs, benchMain, compareCases, round, scenarioCase } from '@omni/testing';
import { AppModule } from '../src/app.module';
import { promotionsConfig } from '../src/config/promotions-config';
import {
  ADMIN_TOKEN,
  CAMPAIGNS,
  CODES,
  LINES,
  PROMOTIONS_PER_CAMPAIGN,
  promotionsBench,
  quoteOnce,
  seed,
  sleep,
  startQuoteLoad,
  threadCpuMs,
  type App,
} from './quote-workload';

const { counts, values } = benchArgs(
  { 'burst-seconds': 3, rounds: 6, concurrency: 32 },
  { baseline: { type: 'string' } },
);
const burstSeconds = counts['burst-seconds'];
const { rounds, concurrency } = counts;
if (values.baseline === undefined)
  throw new Error('--baseline must name the root of the checkout to compare with');
const baselineRoot = path.resolve(values.baseline);
const BaselineAppModule = require(path.join(baselineRoot, 'apps/promotions/src/app.module'))
  .AppModule as typeof AppModule;

type Burst = {
  metrics: { quotesPerSecond: number; serviceCpuMsPerQuote: number; cpuMsPerQuote: number };
};

benchMain('promotions-compare', async () => {
  const bench = await promotionsBench('prm-cmp', { resolved: 1, redemptions: 1 });
  const { db } = bench;
  const apps: Record<'baseline' | 'current', App> = {
    current: await bench.startApp({ module: AppModule, config: promotionsConfig }),
    baseline: await bench.startApp({ module: BaselineAppModule, config: promotionsConfig }),
  };
  const bases = { baseline: '', current: '' };
  for (const name of ['baseline', 'current'] as const) {
    await apps[name].listen({ port: 0, host: '127.0.0.1' });
    bases[name] = `http://127.0.0.1:${(apps[name].getHttpServer().address() as AddressInfo).port}`;
  }
  const auth = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
  const bursts: Record<'baseline' | 'current', Burst[]> = { baseline: [], current: [] };
  const load = startQuoteLoad();
  try {
    await seed(apps.current, db.dataSource.query.bind(db.dataSource));
    for (const name of ['baseline', 'current'] as const)
      for (let n = 0; n < 300; n++) await quoteOnce(bases[name], auth, n);
    for (let round_ = 0; round_ < rounds; round_++)
      for (const name of ['baseline', 'current', 'current', 'baseline'] as const) {
        const cpuStart = process.cpuUsage();
        const threadStart = threadCpuMs();
        const { done, seconds } = await (
          await load
        ).run({
          url: bases[name],
          mode: 'saturation',
          seconds: burstSeconds,
          rate: 0,
          concurrency,
          first: round_ * 997,
        });
        const serviceCpu = threadCpuMs() - threadStart;
        const cpu = process.cpuUsage(cpuStart);
        const burst = {
          metrics: {
            quotesPerSecond: round(done / seconds),
            serviceCpuMsPerQuote: round(serviceCpu / done, 3),
            cpuMsPerQuote: round((cpu.user + cpu.system) / 1000 / done, 2),
          },
        };
        bursts[name].push(burst);
        console.log(`${name}: ${JSON.stringify(burst.metrics)}`);
        await sleep(300);
      }
  } finally {
    await (await load).close();
    await apps.current.close();
    await apps.baseline.close();
    await bench.drop();
  }
  const baseline = scenarioCase('baseline', bursts.baseline);
  const current = scenarioCase('this checkout', bursts.current);
  return {
    settings: {
      baseline: baselineRoot,
      burstSeconds,
      rounds,
      concurrency,
      lines: LINES,
      promotions: CAMPAIGNS * PROMOTIONS_PER_CAMPAIGN,
      codes: CODES.length,
    },
    scenarios: [
      {
        id: 'quote-compare',
        title: `POST /v1/quotes (${LINES} lines, ${CAMPAIGNS * PROMOTIONS_PER_CAMPAIGN} live promotions, ${CODES.length} coupon codes) at saturation: this checkout against a baseline, alternating bursts in one process`,
        status: 'ok',
        headline: ['quotesPerSecond', 'serviceCpuMsPerQuote', 'cpuMsPerQuote'],
        cases: [baseline, current],
        comparisons: [
          compareCases(
            'quotesPerSecond',
            { case: current },
            { scenario: 'quote-compare', case: baseline },
          ),
          compareCases(
            'serviceCpuMsPerQuote',
            { case: current },
            { scenario: 'quote-compare', case: baseline },
          ),
          compareCases(
            'cpuMsPerQuote',
            { case: current },
            { scenario: 'quote-compare', case: baseline },
          ),
        ],
        notes: [
          `each run is one ${burstSeconds} s saturation burst at ${concurrency} requests in flight against one app while the other idles`,
          'the load generator runs in a child process (the kit’s runHttpLoad), not in the apps’ process',
          'serviceCpuMsPerQuote: CPU of the thread both apps run on during the burst, per quote (the idle app’s timers included)',
          'cpuMsPerQuote: CPU of the whole process (both apps and V8’s helper threads; not the load generator, which runs in a child process) during the burst, per quote',
          'the baseline runs its own apps/promotions code with this checkout’s libs',
        ],
      },
    ],
  };
});
