// Dashboard first load in Chromium: from navigation to every chart drawn with its first data
// (the page's 'omni:charts-rendered' mark), cold (a fresh browser context, nothing cached) and
// warm (that tab reloaded), against reporting filled with the seeded week. Medians of --runs (3).
// Needs Kafka and Postgres. Run: npx nx run reporting:bench-dashboard [-- --runs 3]
// Writes bench/results/reporting-dashboard-<ISO date>.json at the repository root.
import { loadavg } from 'node:os';
import path from 'node:path';
import { benchArgs, scenarioCase, writeBenchResult } from '@omni/testing';
import type { Page } from 'playwright-core';
import { dashboardSession, DEMO_PATH, DEMO_SEED } from './dashboard-session';

const root = path.resolve(__dirname, '../../..');
type Timing = { chartsRenderedMs: number; domContentLoadedMs: number; dataAnsweredMs: number };
const {
  counts: { runs },
} = benchArgs({ runs: 3 });

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const loadBefore = Math.round(loadavg()[0] * 10) / 10;
  const session = await dashboardSession();
  try {
    const load = async (page: Page, reload: boolean) => {
      if (reload) await page.reload();
      else await page.goto(`${session.base}${DEMO_PATH}`);
      await page.waitForFunction(() => document.body.dataset['chartsRendered'] === 'true');
      return page.evaluate(() => {
        const [navigation] = performance.getEntriesByType(
          'navigation',
        ) as PerformanceNavigationTiming[];
        const [mark] = performance.getEntriesByName('omni:charts-rendered');
        const data = (
          performance.getEntriesByType('resource') as PerformanceResourceTiming[]
        ).filter((entry) => entry.name.includes('/v1/dashboard/'));
        return {
          chartsRenderedMs: Math.round(mark.startTime),
          domContentLoadedMs: Math.round(navigation.domContentLoadedEventEnd),
          // The first answers of all seven tables: what the server's queries take.
          dataAnsweredMs: Math.round(
            Math.max(...data.slice(0, 7).map((entry) => entry.responseEnd)),
          ),
        };
      });
    };
    const measured: { cold: Timing; warm: Timing }[] = [];
    for (let i = 0; i < runs; i++) {
      const page = await session.signedInPage();
      // Cold: a fresh context, nothing cached; warm: the same tab reloaded (ECharts cached).
      const cold = await load(page, false);
      const warm = await load(page, true);
      measured.push({ cold, warm });
      await page.context().close();
    }
    const file = writeBenchResult('reporting-dashboard', {
      startedAt,
      settings: { runs, seed: DEMO_SEED, loadAverageBefore: loadBefore },
      scenarios: [
        {
          id: 'first-load',
          title:
            'GET /dashboard in headless Chromium to every chart drawn with the first answers of the seven /v1/dashboard tables, reporting in-process on localhost',
          status: 'ok',
          headline: ['chartsRenderedMs', 'domContentLoadedMs', 'dataAnsweredMs'],
          cases: (['cold', 'warm'] as const).map((kind) =>
            scenarioCase(
              kind,
              measured.map((run) => ({ metrics: run[kind] })),
            ),
          ),
          comparisons: [],
          notes: [
            'cold: a fresh browser context (nothing cached); warm: the same tab reloaded (ECharts cached)',
            'target: all charts drawn in under 1,000 ms',
          ],
        },
      ],
    });
    console.log(`wrote ${path.relative(root, file)}`);
  } finally {
    await session.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
