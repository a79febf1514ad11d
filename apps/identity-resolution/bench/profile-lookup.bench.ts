// Profile look-up latency as the history grows. Each run: a fresh schema migrated by the real
// migrations, 200 profiles with a merge, a second merge and the split that created them, then
// profile_changes filled with other profiles' changes (generate_series) to each size in turn.
// At each size, after ANALYZE (autovacuum's job in a service), GET /v1/profiles/{id} of those
// profiles through the real app (Fastify inject, in process), p50/p99; then, for the same
// profiles, the history query as it was before the index could serve it (`$1 = ANY(related_ids)`),
// alone, as the baseline: a lower bound of what the look-up cost then. Figures are medians over
// --runs.
// Run: npx nx run identity-resolution:bench-lookup [-- --runs 3 --sizes 10000,100000,1000000]
// Tiny: npx nx run identity-resolution:bench-lookup -- --runs 1 --sizes 1000,10000 --lookups 200
// Writes bench/results/identity-lookup-<ISO date>.json at the repository root (writeBenchResult's schema).
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  benchArgs,
  compareCases,
  createTestApp,
  createTestDatabase,
  percentile,
  round,
  scenarioCase,
  writeBenchResult,
  type ScenarioCase,
  type TestDatabase,
} from '@omni/testing';
import { AppModule } from '../src/app.module';
import { identityConfig } from '../src/config/identity-config';
import { migrations } from '../src/migrations';
import { service } from '../src/service';

const root = path.resolve(__dirname, '../../..');

const { counts, values: args } = benchArgs(
  {
    runs: 3,
    /** Look-ups through the app at each size. */
    lookups: 1000,
    /** Baseline queries at each size (a full scan each at the largest sizes). */
    'baseline-lookups': 100,
  },
  { sizes: { type: 'string', default: '10000,100000,1000000' } },
);
const { runs, lookups, 'baseline-lookups': baselineLookups } = counts;
const sizes = args.sizes.split(',').map((part) => {
  const value = Number(part);
  if (!Number.isInteger(value) || value < 1_000)
    throw new Error(`--sizes must list whole numbers of at least 1000, got ${args.sizes}`);
  return value;
});
if (sizes.some((size, i) => i > 0 && size <= sizes[i - 1]))
  throw new Error(`--sizes must increase, got ${args.sizes}`);

const ADMIN_TOKEN = 'bench-identity-admin-token';
const PROFILES = 200;
/** Rows each looked-up profile has in the history: two merges it survived, the split that made it. */
const OWN_CHANGES = 3;
// The query the look-up ran before `related_ids @> ARRAY[$1]`: no index serves `= ANY`.
const BASELINE_HISTORY_QUERY = `SELECT * FROM profile_changes WHERE customer_id = $1 OR $1 = ANY(related_ids) ORDER BY id`;

const ms = (value: number) => round(value, 2);

type SizeResult = {
  rows: number;
  lookupP50Ms: number;
  lookupP99Ms: number;
  baselineQueryP50Ms: number;
  baselineQueryP99Ms: number;
};

const profileId = (n: number) => `cus_bench_${String(n).padStart(4, '0')}`;

async function seedProfiles(db: TestDatabase): Promise<void> {
  await db.dataSource.query(
    `INSERT INTO profiles (customer_id, created_at)
     SELECT 'cus_bench_' || lpad(n::text, 4, '0'), now() FROM generate_series(0, $1::int - 1) AS n`,
    [PROFILES],
  );
  await db.dataSource.query(
    `INSERT INTO profile_changes (customer_id, kind, related_ids, version, origin, source_event_id)
     SELECT CASE WHEN k = 2 THEN 'cus_parent_' || n ELSE 'cus_bench_' || lpad(n::text, 4, '0') END,
            CASE WHEN k = 2 THEN 'split' ELSE 'merged' END,
            CASE WHEN k = 2 THEN ARRAY['cus_bench_' || lpad(n::text, 4, '0')] ELSE ARRAY['cus_gone_' || n || '_' || k] END,
            2 + k, 'manual', 'evt-bench-' || n || '-' || k
     FROM generate_series(0, $1::int - 1) AS n, generate_series(0, 2) AS k`,
    [PROFILES],
  );
}

/**
 * Other profiles' changes up to `size` rows: 200,000 survivors with about five changes each at
 * a million rows, one in ten a split into two profiles.
 */
async function fillTo(db: TestDatabase, size: number): Promise<void> {
  const [{ count }] = (await db.dataSource.query(
    `SELECT count(*)::int AS count FROM profile_changes`,
  )) as { count: number }[];
  await db.dataSource.query(
    `INSERT INTO profile_changes (customer_id, kind, related_ids, version, origin, source_event_id)
     SELECT 'cus_' || substr(md5('s' || (i % 200000)), 1, 24),
            CASE WHEN i % 10 = 0 THEN 'split' ELSE 'merged' END,
            CASE WHEN i % 10 = 0
                 THEN ARRAY['cus_' || substr(md5('m' || i), 1, 24), 'cus_' || substr(md5('n' || i), 1, 24)]
                 ELSE ARRAY['cus_' || substr(md5('m' || i), 1, 24)] END,
            2, 'automatic', 'evt-' || i
     FROM generate_series($1::int, $2::int - 1) AS i`,
    [count, size],
  );
  await db.dataSource.query(`ANALYZE profile_changes`);
}

async function measureSize(
  app: NestFastifyApplication,
  db: TestDatabase,
  rows: number,
): Promise<SizeResult> {
  const lookUp = async (n: number) => {
    const started = performance.now();
    const response = await app.inject({
      method: 'GET',
      url: `/v1/profiles/${profileId(n % PROFILES)}`,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    const elapsed = performance.now() - started;
    const history = response.json<{ history?: unknown[] }>().history;
    if (response.statusCode !== 200 || history?.length !== OWN_CHANGES)
      throw new Error(`look-up answered ${response.statusCode}: ${response.body.slice(0, 300)}`);
    return elapsed;
  };
  const baseline = async (n: number) => {
    const started = performance.now();
    const found = (await db.dataSource.query(BASELINE_HISTORY_QUERY, [
      profileId(n % PROFILES),
    ])) as unknown[];
    const elapsed = performance.now() - started;
    if (found.length !== OWN_CHANGES) throw new Error(`the baseline found ${found.length} changes`);
    return elapsed;
  };
  for (let n = 0; n < 50; n++) await lookUp(n);
  await baseline(0);
  // The baseline's full scans run after the look-ups, so they never compete with them.
  const lookupMs: number[] = [];
  for (let n = 0; n < lookups; n++) lookupMs.push(await lookUp(n * 7));
  const baselineMs: number[] = [];
  for (let n = 0; n < baselineLookups; n++) baselineMs.push(await baseline(n * 7));
  return {
    rows,
    lookupP50Ms: ms(percentile(lookupMs, 50)),
    lookupP99Ms: ms(percentile(lookupMs, 99)),
    baselineQueryP50Ms: ms(percentile(baselineMs, 50)),
    baselineQueryP99Ms: ms(percentile(baselineMs, 99)),
  };
}

async function runOnce(): Promise<SizeResult[]> {
  const db = await createTestDatabase({ service: service.name, migrations });
  let app: NestFastifyApplication | undefined;
  try {
    app = await createTestApp({
      module: AppModule,
      service,
      config: identityConfig,
      env: { ...db.env, IDENTITY_ADMIN_TOKEN: ADMIN_TOKEN, IDENTITY_CONSUMER_ENABLED: 'false' },
    });
    await seedProfiles(db);
    const results: SizeResult[] = [];
    for (const size of sizes) {
      const filling = performance.now();
      await fillTo(db, size);
      console.log(
        `  ${size.toLocaleString('en')} rows (filled in ${Math.round((performance.now() - filling) / 1000)} s)`,
      );
      results.push(await measureSize(app, db, size));
    }
    return results;
  } finally {
    await app?.close();
    await db.drop();
  }
}

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const perRun: SizeResult[][] = [];
  for (let run = 0; run < runs; run++) {
    console.log(`run ${run + 1}/${runs}`);
    const results = await runOnce();
    for (const r of results)
      console.log(
        `  ${r.rows.toLocaleString('en')} rows: look-up p50 ${r.lookupP50Ms} ms, p99 ${r.lookupP99Ms} ms; baseline query p50 ${r.baselineQueryP50Ms} ms, p99 ${r.baselineQueryP99Ms} ms`,
      );
    perRun.push(results);
  }
  if (runs < 3) console.warn(`only ${runs} run(s): report medians of at least 3`);
  /** One case per history size, its runs' p50 and p99 under `p50`/`p99` of the SizeResult. */
  const casesOf = (p50: keyof SizeResult, p99: keyof SizeResult): ScenarioCase[] =>
    sizes.map((rows, i) =>
      scenarioCase(
        `${rows} changes`,
        perRun.map((run) => ({ metrics: { p50Ms: run[i][p50], p99Ms: run[i][p99] } })),
      ),
    );
  const lookupCases = casesOf('lookupP50Ms', 'lookupP99Ms');
  const oldQueryCases = casesOf('baselineQueryP50Ms', 'baselineQueryP99Ms');
  const growth = (scenario: string, cases: ScenarioCase[]) =>
    compareCases('p99Ms', { case: cases[cases.length - 1] }, { scenario, case: cases[0] });
  const lookupGrowth = growth('lookup', lookupCases);
  const oldQueryGrowth = growth('old-history-query', oldQueryCases);
  console.table(
    Object.fromEntries(
      sizes.map((rows, i) => [
        `${rows.toLocaleString('en')} changes`,
        {
          'look-up p50 ms': ms(lookupCases[i].medians.p50Ms),
          'look-up p99 ms': ms(lookupCases[i].medians.p99Ms),
          'baseline query p50 ms': ms(oldQueryCases[i].medians.p50Ms),
          'baseline query p99 ms': ms(oldQueryCases[i].medians.p99Ms),
        },
      ]),
    ),
  );
  console.log(
    `p99 at the largest size over the smallest: look-up ${lookupGrowth.ratio}x, baseline query ${oldQueryGrowth.ratio}x`,
  );
  const file = writeBenchResult('identity-lookup', {
    startedAt,
    settings: { runs, sizes, lookups, baselineLookups, profiles: PROFILES },
    scenarios: [
      {
        id: 'lookup',
        title: 'GET /v1/profiles/{id} through the app (Fastify inject), by history size',
        status: 'ok',
        headline: ['p99Ms', 'p50Ms'],
        cases: lookupCases,
        comparisons: [
          lookupGrowth,
          ...lookupCases.map((own, i) =>
            compareCases(
              'p99Ms',
              { case: own },
              { scenario: 'old-history-query', case: oldQueryCases[i] },
            ),
          ),
        ],
        notes: ['the largest size over the smallest shows whether the look-up stays flat'],
      },
      {
        id: 'old-history-query',
        title:
          'the history query before the GIN index could serve it (`$1 = ANY(related_ids)`), alone',
        status: 'ok',
        headline: ['p99Ms', 'p50Ms'],
        cases: oldQueryCases,
        comparisons: [oldQueryGrowth],
        notes: ['a lower bound of what the look-up cost before the index'],
      },
    ],
  });
  console.log(`wrote ${path.relative(root, file)}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
