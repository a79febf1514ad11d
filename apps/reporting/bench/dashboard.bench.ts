// Dashboard first load in Chromium: from navigation to every chart drawn and every table written
// with its first data (the page's 'omni:page-rendered' mark; 'omni:charts-rendered' is the charts alone), cold (a fresh browser context, nothing cached) and
// warm (that tab reloaded), against reporting filled with the seeded week. Medians of --runs (3).
// The first view's charts come drawn by reporting (GET /v1/dashboard/charts), which keeps what it
// drew: each cold run has a viewport 3 px wider than the one before, so its charts are a pixel
// wider and drawn anew; the warm reload asks what its cold load did, and is answered from what
// was kept. Each load lasts until ECharts has drawn every chart again ('omni:charts-interactive').
// Each load is broken down from the Performance API (navigation and resource timing, the
// page's marks) and CDP's Performance.getMetrics (main-thread script, layout and style time);
// a second scenario times each table alone from Node, without the browser.
// Needs Kafka and Postgres. Run: npx nx run reporting:bench-dashboard [-- --runs 3]
// Writes bench/results/reporting-dashboard-<ISO date>.json at the repository root.
/// <reference lib="dom" />
import { loadavg } from 'node:os';
import path from 'node:path';
import { performance as clock } from 'node:perf_hooks';
import { benchArgs, median, scenarioCase, writeBenchResult } from '@omni/testing';
import type { CDPSession, Page } from 'playwright-core';
import { ADMIN_TOKEN } from '../test/support/reporting-harness';
import { dashboardSession, DEMO_PATH, DEMO_SEED } from './dashboard-session';

const root = path.resolve(__dirname, '../../..');
const {
  counts: { runs },
} = benchArgs({ runs: 3 });

/** One data request as the browser saw it: ms from navigation start; server ≈ time to first byte. */
type DataRequest = {
  path: string;
  /** Server-Timing entries of the answer (the first view's: svg, ms drawing and charts drawn). */
  serverTiming: { name: string; duration: number; description: string }[];
  startMs: number;
  serverMs: number;
  firstByteMs: number;
  endMs: number;
};
type Step = { name: string; ms?: number; drawnMs?: number };
type Load = {
  metrics: Record<string, number>;
  details: { data: DataRequest[]; steps: Record<string, Step[]> };
};

/** CDP's cumulative main-thread durations (seconds) of the tab. */
const MAIN_THREAD = ['ScriptDuration', 'TaskDuration', 'LayoutDuration', 'RecalcStyleDuration'];
async function mainThread(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(
    metrics.filter((m) => MAIN_THREAD.includes(m.name)).map((m) => [m.name, m.value * 1000]),
  );
}

/** The page's own timings, read in the page once every chart is drawn. */
function pageTimings() {
  const ms = (value: number | undefined) => (value === undefined ? -1 : Math.round(value));
  const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
  const mark = (name: string) => performance.getEntriesByName(name)[0]?.startTime;
  const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
  const scripts = resources.filter((entry) => entry.initiatorType === 'script');
  const echarts = scripts.find((entry) => /echarts/.test(entry.name));
  const data = resources
    .filter((entry) => entry.name.includes('/v1/dashboard'))
    .map((entry) => ({
      path: new URL(entry.name).pathname,
      serverTiming: entry.serverTiming.map(({ name, duration, description }) => ({
        name,
        duration: Math.round(duration),
        description,
      })),
      startMs: ms(entry.startTime),
      serverMs: ms(entry.responseStart - entry.requestStart),
      firstByteMs: ms(entry.responseStart),
      endMs: ms(entry.responseEnd),
    }));
  const charts = performance
    .getEntriesByType('mark')
    .filter((entry) => entry.name.startsWith('omni:chart:'));
  const measured = (prefix: string) =>
    performance
      .getEntriesByType('measure')
      .filter((entry) => entry.name.startsWith(prefix))
      .map((entry) => ({ name: entry.name.slice(prefix.length), ms: ms(entry.duration) }));
  const sum = (entries: { ms: number }[]) => entries.reduce((total, entry) => total + entry.ms, 0);
  const svg = data.flatMap((entry) => entry.serverTiming).find((timing) => timing.name === 'svg');
  const draws = measured('omni:draw:');
  const tables = measured('omni:table:');
  return {
    metrics: {
      htmlMs: ms(navigation.responseEnd),
      domContentLoadedMs: ms(navigation.domContentLoadedEventEnd),
      scriptsFetchedMs: ms(Math.max(...scripts.map((entry) => entry.responseEnd))),
      echartsFetchedMs: ms(echarts?.responseEnd),
      // The bytes the browser took off the wire (0 from its cache) and the file's own size.
      echartsTransferBytes: echarts?.transferSize ?? -1,
      echartsBodyBytes: echarts?.encodedBodySize ?? -1,
      echartsReadyMs: ms(mark('omni:echarts-ready')),
      dataRequests: data.length,
      dataFirstByteMs: Math.min(...data.map((entry) => entry.firstByteMs)),
      dataAnsweredMs: Math.max(...data.map((entry) => entry.endMs)),
      dataServerMaxMs: Math.max(...data.map((entry) => entry.serverMs)),
      firstChartMs: ms(Math.min(...charts.map((entry) => entry.startTime))),
      chartsRenderedMs: ms(mark('omni:charts-rendered')),
      // Every chart drawn and every table written: the first load's end.
      pageRenderedMs: ms(mark('omni:page-rendered')),
      // Every chart drawn again by ECharts, interactive.
      chartsInteractiveMs: ms(mark('omni:charts-interactive')),
      // Reporting's time drawing the first view's SVG, and how many of the ten it drew (not kept).
      chartsServerDrawMs: svg?.duration ?? -1,
      chartsServerDrawn: svg === undefined ? -1 : Number.parseInt(svg.description, 10),
      // Main-thread time in the page's own steps before the first load's end: reporting's
      // drawings shown, ECharts' setOption of each chart (when it draws before), each table.
      chartsSvgShownMs: sum(measured('omni:svg:')),
      chartsSetOptionMs: sum(draws),
      tablesRenderMs: sum(tables),
    },
    data,
    steps: {
      charts: charts.map((entry) => ({ name: entry.name.slice(11), drawnMs: ms(entry.startTime) })),
      setOption: draws,
      tables,
    },
  };
}

async function load(page: Page, cdp: CDPSession, url: string, reload: boolean): Promise<Load> {
  if (reload) await page.reload();
  else await page.goto(url);
  await page.waitForFunction(() => document.body.dataset['pageRendered'] === 'true');
  await page.waitForFunction(() => document.body.dataset['chartsInteractive'] === 'true');
  // CDP's counters start again with each document: they are this load's.
  const spentMs = await mainThread(cdp);
  const { metrics, data, steps } = await page.evaluate(pageTimings);
  const spent = (name: string) => Math.round(spentMs[name]);
  return {
    metrics: {
      ...metrics,
      mainThreadScriptMs: spent('ScriptDuration'),
      mainThreadTaskMs: spent('TaskDuration'),
      mainThreadLayoutMs: spent('LayoutDuration') + spent('RecalcStyleDuration'),
    },
    details: { data, steps },
  };
}

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const loadBefore = Math.round(loadavg()[0] * 10) / 10;
  const session = await dashboardSession();
  try {
    const url = `${session.base}${DEMO_PATH}`;
    const measured: { cold: Load; warm: Load }[] = [];
    let dataPaths: string[] = [];
    for (let i = 0; i < runs; i++) {
      const page = await session.signedInPage({ width: 1440 + 3 * i, height: 900 });
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');
      // Cold: a fresh context, nothing cached; warm: the same tab reloaded.
      const cold = await load(page, cdp, url, false);
      const warm = await load(page, cdp, url, true);
      measured.push({ cold, warm });
      // Each table's own endpoint with the query the page asked it.
      dataPaths = await page.$$eval('table[data-table]', (tables) =>
        tables.map(
          (table) =>
            `/v1/dashboard/${(table as HTMLElement).dataset['table']}?${(table as HTMLElement).dataset['query']}`,
        ),
      );
      await page.context().close();
    }
    // Each table alone from its own endpoint, one after another: what the server's work costs
    // without the browser and the other requests on the same cores.
    const get = (dataPath: string) =>
      fetch(`${session.base}${dataPath}`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
    const alone: Record<string, number[]> = {};
    for (let i = 0; i < runs; i++) {
      for (const dataPath of dataPaths) {
        const started = clock.now();
        await (await get(dataPath)).arrayBuffer();
        const name = new URL(dataPath, session.base).pathname.replace('/v1/dashboard', '') || '/';
        (alone[name] ??= []).push(Math.round(clock.now() - started));
      }
    }
    const aloneMedians = Object.fromEntries(
      Object.entries(alone).map(([name, times]) => [name, median(times)]),
    );
    const file = writeBenchResult('reporting-dashboard', {
      startedAt,
      settings: { runs, seed: DEMO_SEED, loadAverageBefore: loadBefore },
      scenarios: [
        {
          id: 'first-load',
          title:
            'GET /dashboard in headless Chromium to every chart drawn and every table written with the first answers of its /v1/dashboard data, reporting in-process on localhost',
          status: 'ok',
          headline: [
            'pageRenderedMs',
            'chartsRenderedMs',
            'chartsInteractiveMs',
            'chartsServerDrawMs',
            'firstChartMs',
            'dataAnsweredMs',
            'echartsReadyMs',
          ],
          cases: (['cold', 'warm'] as const).map((kind) =>
            scenarioCase(
              kind,
              measured.map((run) => run[kind]),
            ),
          ),
          comparisons: [],
          notes: [
            'cold: a fresh browser context (nothing cached), a viewport 3 px wider each run (its charts drawn anew by reporting); warm: the same tab reloaded (reporting answers with the charts it drew for the cold load)',
            'chartsInteractiveMs: every chart drawn again by ECharts (loaded once the first view is shown); chartsServerDrawMs / chartsServerDrawn: Server-Timing of GET /v1/dashboard/charts, ms reporting spent drawing SVG and how many charts it drew (the others kept from before)',
            'ms from navigation start: htmlMs (HTML received), scriptsFetchedMs (last script received), echartsFetchedMs, echartsReadyMs (ECharts evaluated: its compile and run follow its fetch), dataFirstByteMs / dataAnsweredMs (first byte of the first data answer, end of the last), firstChartMs, chartsRenderedMs (every chart drawn), pageRenderedMs (every chart drawn and every table written: the first load)',
            'dataServerMaxMs: the longest request-to-first-byte of a data request (the server’s time, queueing included); details.data lists each request',
            'mainThread*Ms: CDP Performance.getMetrics over the load, until ECharts has drawn every chart: script (compile and run), all tasks, layout and style',
            '-1: the page has no such mark or resource',
            'target: every chart drawn and every table written (pageRenderedMs) in under 1,000 ms',
          ],
        },
        {
          id: 'data-alone',
          title:
            'Each table of the page from its own GET /v1/dashboard/{table}, from Node, one at a time (no browser, no concurrent request): ms to the whole body',
          status: 'ok',
          headline: Object.keys(aloneMedians),
          cases: [
            scenarioCase(
              'alone',
              Array.from({ length: runs }, (_, i) => ({
                metrics: Object.fromEntries(
                  Object.entries(alone).map(([name, times]) => [name, times[i]]),
                ),
              })),
            ),
          ],
          comparisons: [],
          notes: [`sum of medians: ${Object.values(aloneMedians).reduce((a, b) => a + b, 0)} ms`],
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
