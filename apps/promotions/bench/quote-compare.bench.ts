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

type Burst = { metrics: { quotesPerSecond: number; cpuMsPerQuote: number } };

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
  try {
    await seed(apps.current, db.dataSource.query.bind(db.dataSource));
    for (const name of ['baseline', 'current'] as const)
      for (let n = 0; n < 300; n++) await quoteOnce(bases[name], auth, n);
    for (let round_ = 0; round_ < rounds; round_++)
      for (const name of ['baseline', 'current', 'current', 'baseline'] as const) {
        let done = 0;
        const cpuStart = process.cpuUsage();
        const start = performance.now();
        const until = start + burstSeconds * 1000;
        await Promise.all(
          Array.from({ length: concurrency }, async (_, client) => {
            for (let n = client + round_ * 997; performance.now() < until; n += concurrency) {
              await quoteOnce(bases[name], auth, n);
              done += 1;
            }
          }),
        );
        const cpu = process.cpuUsage(cpuStart);
        const burst = {
          metrics: {
            quotesPerSecond: round(done / ((performance.now() - start) / 1000)),
            cpuMsPerQuote: round((cpu.user + cpu.system) / 1000 / done, 2),
          },
        };
        bursts[name].push(burst);
        console.log(`${name}: ${JSON.stringify(burst.metrics)}`);
        await sleep(300);
      }
  } finally {
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
        headline: ['quotesPerSecond', 'cpuMsPerQuote'],
        cases: [baseline, current],
        comparisons: [
          compareCases(
            'quotesPerSecond',
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
          'cpuMsPerQuote: CPU of the whole process (both apps and the load generator) during the burst, per quote',
          'the baseline runs its own apps/promotions code with this checkout’s libs',
        ],
      },
    ],
  };
});
