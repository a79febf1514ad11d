import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { asShown, launchChromium, shownTable } from './support/dashboard-browser';
import { translate } from '../src/dashboard/page/charts.js';
import { REPORT_TABLES } from '../src/tables/report-table';
import { seedDashboard } from './support/dashboard-seed';
import {
  ADMIN_TOKEN,
  auth,
  placed,
  startReporting,
  type KpiAnswer,
  type Reporting,
} from './support/reporting-harness';

type Table = {
  columns: string[];
  rows: { cells: Record<string, string | number | boolean | null>; suppressed: string[] }[];
};

const TABLES = REPORT_TABLES;
/** The series type each chart draws: every chart type the ECharts bundle must hold. */
const CHART_TYPES = {
  traffic: 'line',
  sales: 'bar',
  efficiency: 'line',
  funnel: 'funnel',
  attribution: 'bar',
  retention: 'heatmap',
  experiments: 'bar',
  'channel-decisions': 'bar',
  satisfaction: 'line',
  stock: 'bar',
};
const CHARTS = Object.keys(CHART_TYPES).length;
/** The tables the charts draw, as GET /v1/dashboard/charts takes their queries. */
const CHART_TABLES = [
  'kpis',
  'funnel',
  'attribution',
  'retention',
  'experiments',
  'channel-decisions',
  'inventory',
] as const;
const RANGE = 'from=2026-03-02T00:00:00Z&to=2026-03-09T00:00:00Z';
const CHART_QUERIES: Record<(typeof CHART_TABLES)[number], string> = {
  kpis: `${RANGE}&interval=day&groupBy=channel&metrics=visitors,gmvGross,roas,csat`,
  funnel: RANGE,
  attribution: RANGE,
  retention: `${RANGE}&period=week&periods=6`,
  experiments: 'limit=20',
  'channel-decisions': 'limit=50',
  inventory: `${RANGE}&limit=50`,
};
/** GET /v1/dashboard/charts's query: the charts' tables' queries, then `extra`. */
const chartsQuery = (extra: string) =>
  `${new URLSearchParams({ width: '432', height: '260', ...CHART_QUERIES })}&${extra}`;
type FirstView = { charts: Record<string, string>; tables: Record<string, Table> };
describe('the dashboard in headless Chromium', () => {
  let reporting: Reporting;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    // k = 2: the one xiaohongshu shopper's cells are hidden.
    reporting = await startReporting({ REPORTING_MIN_CELL_CUSTOMERS: '2' });
    await seedDashboard(reporting, {
      days: 7,
      customers: { web: 6, tmall: 6, douyin: 6, xiaohongshu: 1 },
    });
    await reporting.app.listen(0, '127.0.0.1');
    base = await reporting.app.getUrl();
    browser = await launchChromium();
    context = await browser.newContext({ acceptDownloads: true });
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await reporting?.close();
  });

  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${base}${path}`, { headers: auth });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };

  /** The table once the page shows the answer to a query holding `part`. */
  const shownWhen = async (table: string, part: string) => {
    await page.waitForFunction(
      ({ table, part }) =>
        document
          .querySelector<HTMLElement>(`table[data-table="${table}"]`)
          ?.dataset['query']?.includes(part) === true,
      { table, part },
    );
    return shownTable(page, table);
  };

  it('serves the page without the token, but not the data', async () => {
    const pageResponse = await fetch(`${base}/dashboard`);
    expect(pageResponse.status).toBe(200);
    expect(pageResponse.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(pageResponse.headers.get('content-security-policy')).toContain("script-src 'self'");
    const echarts = await fetch(`${base}/dashboard/echarts.min.js`);
    expect(echarts.status).toBe(200);
    expect(await echarts.text()).toContain('echarts');
    const data = await fetch(
      `${base}/v1/dashboard/kpis?from=2026-03-01T00:00:00Z&to=2026-03-09T00:00:00Z`,
    );
    expect(data.status).toBe(401);
    const charts = await fetch(`${base}/v1/dashboard/charts?${chartsQuery('lang=en')}`);
    expect(charts.status).toBe(401);
  });

  it('answers the first view’s charts as SVG with the tables they draw, and names a table it cannot read', async () => {
    const response = await fetch(`${base}/v1/dashboard/charts?${chartsQuery('lang=en')}`, {
      headers: auth,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('server-timing')).toMatch(/^svg;dur=[\d.]+;desc="\d+ drawn"$/);
    const view = (await response.json()) as FirstView;
    expect(Object.keys(view.charts).sort()).toEqual(Object.keys(CHART_TYPES).sort());
    for (const svg of Object.values(view.charts))
      expect(svg).toMatch(/^<svg width="432" height="260" /);
    for (const table of CHART_TABLES)
      expect([table, view.tables[table]]).toEqual([
        table,
        await api<Table>(`/v1/dashboard/${table}?${CHART_QUERIES[table]}`),
      ]);
    // The same answers again: every chart kept from the first drawing.
    const again = await fetch(`${base}/v1/dashboard/charts?${chartsQuery('lang=en')}`, {
      headers: auth,
    });
    expect(again.headers.get('server-timing')).toBe('svg;dur=0.0;desc="0 drawn"');
    expect(((await again.json()) as FirstView).charts).toEqual(view.charts);

    const malformed = await fetch(
      `${base}/v1/dashboard/charts?${chartsQuery('lang=en').replace('inventory=', 'inventory=limit%3D0%26')}`,
      { headers: auth },
    );
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({
      code: 'invalid_request',
      message: expect.stringMatching(/^inventory\.limit: /),
    });
    const hourly = await fetch(
      `${base}/v1/dashboard/charts?${chartsQuery('lang=en').replace('from%3D2026-03-02', 'from%3D2025-03-02').replace('interval%3Dday', 'interval%3Dhour')}`,
      { headers: auth },
    );
    expect(hourly.status).toBe(400);
    expect(await hourly.json()).toMatchObject({ code: 'range_too_large' });
  });

  it('names ECharts by its content hash, cached for good, and answers 304 to a file the browser holds', async () => {
    const pageResponse = await fetch(`${base}/dashboard`);
    const html = await pageResponse.text();
    expect(pageResponse.headers.get('cache-control')).toBe('no-cache');
    const echartsPath = /data-echarts="(\/dashboard\/echarts-[\w-]{16}\.js)"/.exec(html)?.[1] ?? '';
    const echarts = await fetch(`${base}${echartsPath}`);
    expect(echarts.status).toBe(200);
    expect(echarts.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(echarts.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const body = Buffer.from(await echarts.arrayBuffer());
    const hash = createHash('sha256').update(body).digest('base64url').slice(0, 16);
    expect(echartsPath).toBe(`/dashboard/echarts-${hash}.js`);
    expect(echarts.headers.get('etag')).toBe(`"${hash}"`);
    // The name it had before answers the same file, asked again each time.
    const before = await fetch(`${base}/dashboard/echarts.min.js`);
    expect(before.headers.get('cache-control')).toBe('no-cache');
    expect(Buffer.from(await before.arrayBuffer()).equals(body)).toBe(true);

    for (const file of [
      '',
      '/dashboard.js',
      '/charts.js',
      '/labels.js',
      '/dashboard.css',
      echartsPath.slice(10),
    ]) {
      const first = await fetch(`${base}/dashboard${file}`);
      const etag = first.headers.get('etag') ?? '';
      expect([file, etag]).toEqual([file, expect.stringMatching(/^"[\w-]{16}"$/)]);
      const held = await fetch(`${base}/dashboard${file}`, {
        headers: { 'if-none-match': `"other", W/${etag}` },
      });
      expect([file, held.status, await held.text()]).toEqual([file, 304, '']);
      expect(held.headers.get('etag')).toBe(etag);
      const changed = await fetch(`${base}/dashboard${file}`, {
        headers: { 'if-none-match': '"other"' },
      });
      expect([file, changed.status]).toEqual([file, 200]);
    }
    for (const missing of ['/dashboard/echarts-AAAAAAAAAAAAAAAA.js', '/dashboard/nothing.js']) {
      const response = await fetch(`${base}${missing}`);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ code: 'not_found' });
    }
  });

  it('asks for the admin token, then loads without console errors and renders every chart', async () => {
    await page.goto(`${base}/dashboard?from=2026-03-02&to=2026-03-08&lang=en`);
    await page.waitForSelector('#sign-in:not([hidden])');
    expect(await page.isHidden('#dashboard')).toBe(true);
    await page.fill('#token', ADMIN_TOKEN);
    await page.click('#sign-in button[type="submit"]');
    await page.waitForFunction(() => document.body.dataset['chartsRendered'] === 'true');
    // Reporting's drawings first; ECharts draws each chart again once the first view is shown.
    await page.waitForFunction(() => document.body.dataset['chartsInteractive'] === 'true');
    const charts = await page.$$eval('[data-chart]', (elements) =>
      elements.map((element) => {
        const canvas = element.querySelector('canvas');
        const instance = (
          window as unknown as {
            echarts: {
              getInstanceByDom(e: Element): {
                getOption(): { series: { type: string }[]; visualMap?: unknown[] };
              };
            };
          }
        ).echarts.getInstanceByDom(element);
        const option = instance?.getOption();
        return {
          chart: (element as HTMLElement).dataset['chart'] ?? '',
          canvas: canvas !== null && canvas.width > 0 && canvas.height > 0,
          series: option?.series.length ?? 0,
          types: [...new Set((option?.series ?? []).map((series) => series.type))],
          visualMap: (option?.visualMap ?? []).length,
        };
      }),
    );
    expect(charts).toHaveLength(CHARTS);
    for (const chart of charts) {
      expect(chart).toMatchObject({
        canvas: true,
        types: [CHART_TYPES[chart.chart as keyof typeof CHART_TYPES]],
        visualMap: chart.chart === 'retention' ? 1 : 0,
      });
    }
    expect(charts.every((chart) => chart.series > 0)).toBe(true);
    expect(await page.$$eval('table[data-table]', (tables) => tables.length)).toBe(TABLES.length);
    // The first load ends (the bench's mark) only once every table is written too.
    await page.waitForFunction(() => document.body.dataset['pageRendered'] === 'true');
    const written = await page.$$eval('table[data-table]', (tables) =>
      tables.map((table) => [
        (table as HTMLElement).dataset['table'],
        table.querySelectorAll('tr').length,
      ]),
    );
    // A header row and at least one row (or the one saying it is empty) in each.
    expect(written.filter(([, rows]) => Number(rows) < 2)).toEqual([]);
    expect(
      await page.evaluate(() => performance.getEntriesByName('omni:page-rendered').length),
    ).toBe(1);
    expect(consoleErrors).toEqual([]);
  });

  it('shows the figures the API answers for the same query, small cells hidden', async () => {
    for (const table of TABLES) {
      const shown = await shownWhen(table, '');
      const answer = await api<Table>(`/v1/dashboard/${table}?${shown.query}`);
      expect([table, shown.rows]).toEqual([table, asShown(answer)]);
      expect([table, shown.rows.length > 0]).toEqual([table, true]);
    }
    const kpis = await shownTable(page, 'kpis');
    // Each figure shown is GET /v1/kpis's own; only the lone xiaohongshu shopper's are hidden.
    const raw = await api<KpiAnswer>(`/v1/kpis?${kpis.query}`);
    expect(kpis.rows).toHaveLength(raw.rows.length);
    kpis.rows.forEach((row, i) => {
      const metrics = raw.rows[i].metrics;
      for (const [column, value] of Object.entries(row.cells)) {
        if (column in metrics && !row.suppressed.includes(column))
          expect([column, value]).toEqual([
            column,
            metrics[column] === null ? null : String(metrics[column]),
          ]);
      }
      expect(row.suppressed.length > 0).toBe(row.cells['channel'] === 'xiaohongshu');
    });
    expect(await page.textContent('td[data-col="orders"][data-suppressed]')).toBe('—');
  });

  it('a channel filter changes the figures to the API’s answer for that channel', async () => {
    const before = await shownTable(page, 'kpis');
    await page.selectOption('#channel', 'tmall');
    const after = await shownWhen('kpis', 'channel=tmall');
    expect(after.rows).not.toEqual(before.rows);
    expect(new Set(after.rows.map((row) => row.cells['channel']))).toEqual(new Set(['tmall']));
    const answer = await api<Table>(`/v1/dashboard/kpis?${after.query}`);
    expect(after.rows).toEqual(asShown(answer));
    const funnel = await shownWhen('funnel', 'channel=tmall');
    expect(funnel.rows).toEqual(asShown(await api<Table>(`/v1/dashboard/funnel?${funnel.query}`)));
  });

  it('leaves a table and its charts as they are when a poll answers as before', async () => {
    const first = 'table[data-table="kpis"] tr:nth-child(2)';
    await page.$eval(first, (row) => {
      (row as HTMLElement).dataset['before'] = 'poll';
    });
    // Two refreshes of every table completed since: the second one asked what the first did.
    for (let i = 0; i < 2; i++) {
      const updated = await page.textContent('#updated');
      await page.waitForFunction(
        (before) => document.querySelector('#updated')?.textContent !== before,
        updated,
      );
    }
    // The row written before is still the one shown: the answer was not written again.
    expect(await page.$eval(first, (row) => (row as HTMLElement).dataset['before'])).toBe('poll');
  });

  it('updates itself when new events arrive', async () => {
    const shownOrders = () =>
      page.$eval(
        'table[data-table="kpis"] tr:nth-child(2) td[data-col="orders"]',
        (td) => (td as HTMLElement).dataset['value'],
      );
    const first = (await shownTable(page, 'kpis')).rows[0].cells;
    const order = placed('seed-tmall-0', 'live-order-1', 12_345, {
      channel: 'tmall',
      campaignId: 'tmall-spring',
      at: first['bucketStart'] as string,
    });
    await reporting.send(reporting.topics.resolvedEvents, order);
    await page.waitForFunction(
      ({ before }) =>
        document.querySelector<HTMLElement>(
          'table[data-table="kpis"] tr:nth-child(2) td[data-col="orders"]',
        )?.dataset['value'] === String(Number(before) + 1),
      { before: first['orders'] },
    );
    expect(await shownOrders()).toBe(String(Number(first['orders']) + 1));
  });

  it('downloads a table as the CSV the export endpoint writes', async () => {
    const shown = await shownTable(page, 'kpis');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('a[data-csv="kpis"]'),
    ]);
    expect(download.suggestedFilename()).toBe('kpis.csv');
    const downloaded = await readFile(await download.path(), 'utf8');
    const exported = await fetch(`${base}/v1/exports/kpis.csv?${shown.query}`, { headers: auth });
    expect(downloaded).toBe(await exported.text());
    expect(downloaded.split('\r\n')[0]).toBe(
      'bucketStart,channel,visitors,pageViews,orders,gmvGross,aov,conversionRate,spend,cac,roi,roas,csat,serviceContacts,suppressed',
    );
  });

  it('switches its labels to Chinese', async () => {
    await page.click('#lang');
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    expect(await page.textContent('h1')).toBe('Omni 全渠道看板');
    expect(await page.textContent('section[data-section="kpis"] h2 span')).toContain('核心指标');
    expect(await page.textContent('section[data-section="inventory"] h2 span')).toBe(
      '各 SKU 库存（滞销优先）',
    );
    expect(await page.textContent('table[data-table="kpis"] th:nth-last-child(2)')).toBe('满意度');
    expect(consoleErrors).toEqual([]);
  });

  it('names a table that cannot be read and still shows the others', async () => {
    await page.goto(`${base}/dashboard?from=2025-03-01&to=2026-03-08&interval=hour&lang=en`);
    await page.waitForSelector('#problem:not([hidden])');
    expect(await page.textContent('#problem')).toContain('REPORTING_KPI_MAX_BUCKETS');
    const funnel = await shownWhen('funnel', 'from=2025-03-01');
    expect(funnel.rows).toEqual(asShown(await api<Table>(`/v1/dashboard/funnel?${funnel.query}`)));
  });

  /** A page of its own whose session holds `token` before the page runs, its data calls logged. */
  const pageHolding = async (token: string) => {
    const own = await browser.newContext();
    await own.addInitScript((held) => {
      sessionStorage.setItem('omni.reporting.adminToken', held);
      // Each data call with whether the first refresh had ended (#updated written) when made.
      const calls: { url: string; afterFirst: boolean }[] = [];
      (window as unknown as { dataCalls: typeof calls }).dataCalls = calls;
      const original = window.fetch.bind(window);
      // Every problem the page shows, as it shows it (watched from before the page is parsed).
      const problems: string[] = [];
      (window as unknown as { problems: typeof problems }).problems = problems;
      new MutationObserver(() => {
        const problem = document.querySelector<HTMLElement>('#problem');
        if (problem && !problem.hidden && problem.textContent) problems.push(problem.textContent);
      }).observe(document, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ['hidden'],
      });
      window.fetch = (input, init) => {
        const url = String(input);
        if (url.includes('/v1/dashboard/'))
          calls.push({ url, afterFirst: !!document.querySelector('#updated')?.textContent });
        return original(input, init);
      };
    }, token);
    return { own, held: await own.newPage() };
  };

  it('asks for the first view and the other tables once as it loads with a token held, and shows those answers', async () => {
    const { own, held } = await pageHolding(ADMIN_TOKEN);
    try {
      await held.goto(`${base}/dashboard?from=2026-03-02&to=2026-03-08&lang=en`);
      await held.waitForFunction(() => document.body.dataset['pageRendered'] === 'true');
      await held.waitForFunction(() => !!document.querySelector('#updated')?.textContent);
      const first = await held.evaluate(() =>
        (window as unknown as { dataCalls: { url: string; afterFirst: boolean }[] }).dataCalls
          .filter((call) => !call.afterFirst)
          .map((call) => new URL(call.url, location.href))
          .map((url) => `${url.pathname.slice('/v1/dashboard/'.length)}?${url.search.slice(1)}`),
      );
      const shown = await Promise.all(TABLES.map((table) => shownTable(held, table)));
      const queryOf = (table: string) => shown[TABLES.indexOf(table as never)].query;
      // The first view (the charts' tables with their shown queries) and each other table, once.
      const charts = first.filter((call) => call.startsWith('charts?'));
      expect(charts).toHaveLength(1);
      const asked = new URLSearchParams(charts[0].slice('charts?'.length));
      expect(Object.fromEntries(CHART_TABLES.map((table) => [table, asked.get(table)]))).toEqual(
        Object.fromEntries(CHART_TABLES.map((table) => [table, queryOf(table)])),
      );
      expect(first.filter((call) => !call.startsWith('charts?')).sort()).toEqual(
        TABLES.filter((table) => !CHART_TABLES.includes(table as never))
          .map((table) => `${table}?${queryOf(table)}`)
          .sort(),
      );
      for (const [i, table] of TABLES.entries()) {
        const answer = await api<Table>(`/v1/dashboard/${table}?${shown[i].query}`);
        expect([table, shown[i].rows]).toEqual([table, asShown(answer)]);
      }
    } finally {
      await own.close();
    }
  });

  it('asks for the token again when the one held is refused on the first answers', async () => {
    const { own, held } = await pageHolding('not-the-token');
    try {
      await held.goto(`${base}/dashboard?from=2026-03-02&to=2026-03-08&lang=en`);
      await held.waitForSelector('#sign-in-error:not([hidden])');
      expect(await held.isHidden('#dashboard')).toBe(true);
      expect(await held.evaluate(() => sessionStorage.getItem('omni.reporting.adminToken'))).toBe(
        null,
      );
    } finally {
      await own.close();
    }
  });

  it('shows the charts reporting drew, with the API’s figures, before ECharts; then ECharts draws them interactive', async () => {
    const { own, held } = await pageHolding(ADMIN_TOKEN);
    try {
      let release: () => void = () => undefined;
      const released = new Promise<void>((resolve) => (release = resolve));
      let echartsAsked = false;
      await held.route(/\/dashboard\/echarts-[\w-]{16}\.js$/, async (route) => {
        echartsAsked = true;
        await released;
        await route.continue();
      });
      // Not until `load`: once the first view is drawn the page asks for ECharts, which is held
      // here, and a script asked for before `load` holds `load` back.
      await held.goto(`${base}/dashboard?from=2026-03-02&to=2026-03-08&lang=en`, {
        waitUntil: 'domcontentloaded',
      });
      await held.waitForFunction(() => document.body.dataset['pageRendered'] === 'true');
      // Every chart is reporting's SVG, drawn for its figure's width, with no ECharts in the page.
      const drawings = await held.$$eval('[data-chart]', (elements) =>
        elements.map((element) => ({
          chart: (element as HTMLElement).dataset['chart'] ?? '',
          drawn: (element as HTMLElement).dataset['drawn'],
          width: element.querySelector(':scope > svg')?.getAttribute('width'),
          shownWidth: Math.round(
            element.querySelector(':scope > svg')?.getBoundingClientRect().width ?? 0,
          ),
          elementWidth: element.clientWidth,
          texts: [...element.querySelectorAll('svg text')].map((text) => text.textContent ?? ''),
        })),
      );
      expect(drawings).toHaveLength(CHARTS);
      for (const drawing of drawings) {
        expect(drawing).toMatchObject({ drawn: 'svg', width: String(drawing.elementWidth) });
        expect(drawing.shownWidth).toBe(drawing.elementWidth);
      }
      expect(await held.evaluate(() => 'echarts' in window)).toBe(false);
      const texts = (chart: string) => drawings.find((drawing) => drawing.chart === chart)!.texts;
      // The figures drawn are the API's for the queries the tables show.
      const answerOf = async (table: string) =>
        api<Table>(`/v1/dashboard/${table}?${(await shownTable(held, table)).query}`);
      const funnel = await answerOf('funnel');
      expect(texts('funnel')).toEqual(
        expect.arrayContaining(
          funnel.rows.map(
            (row) =>
              `${translate('en', String(row.cells['name']))}: ${row.cells['customers'] ?? '-'}`,
          ),
        ),
      );
      const kpis = await answerOf('kpis');
      expect(texts('traffic')).toEqual(
        expect.arrayContaining([...new Set(kpis.rows.map((row) => String(row.cells['channel'])))]),
      );
      const retention = await answerOf('retention');
      const rates = retention.rows.flatMap((row) =>
        retention.columns
          .filter((column) => /^rate\d+$/.test(column) && row.cells[column] !== null)
          .map((column) => `${Math.round(Number(row.cells[column]) * 1000) / 10}%`),
      );
      expect(rates.length).toBeGreaterThan(0);
      expect(texts('retention')).toEqual(expect.arrayContaining(rates));
      const stock = await answerOf('inventory');
      expect(texts('stock')).toEqual(
        expect.arrayContaining(stock.rows.map((row) => String(row.cells['sku']))),
      );

      // Then ECharts, asked for once the first view is shown, draws each chart again, interactive.
      expect(echartsAsked).toBe(true);
      const firstRow = 'table[data-table="kpis"] tr:nth-child(2)';
      await held.$eval(firstRow, (row) => {
        (row as HTMLElement).dataset['before'] = 'first-view';
      });
      release();
      await held.waitForFunction(() => document.body.dataset['chartsInteractive'] === 'true');
      const interactive = await held.$$eval('[data-chart]', (elements) =>
        elements.map((element) => ({
          drawn: (element as HTMLElement).dataset['drawn'],
          svg: element.querySelector(':scope > svg') !== null,
          canvas: element.querySelector('canvas') !== null,
        })),
      );
      expect(interactive).toEqual(
        Array.from({ length: CHARTS }, () => ({ drawn: 'echarts', svg: false, canvas: true })),
      );
      // A tooltip, which reporting's drawing has not, shows a channel's figure of the sales chart.
      const tooltip = await held.evaluate(async () => {
        const element = document.querySelector('[data-chart="sales"]')!;
        const chart = (
          window as unknown as {
            echarts: { getInstanceByDom(e: Element): { dispatchAction(a: object): void } };
          }
        ).echarts.getInstanceByDom(element);
        chart.dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: 0 });
        await new Promise((resolve) => setTimeout(resolve, 100));
        return [...element.querySelectorAll('div')].map((div) => div.textContent ?? '').join(' ');
      });
      const [firstDay] = [
        ...new Set(kpis.rows.map((row) => String(row.cells['bucketStart']))),
      ].sort();
      expect(tooltip).toContain(firstDay.slice(0, 10));
      // The polls since answered as the first view did: the tables it wrote were not written again.
      for (let i = 0; i < 2; i++) {
        const updated = await held.textContent('#updated');
        await held.waitForFunction(
          (before) => document.querySelector('#updated')?.textContent !== before,
          updated,
        );
      }
      expect(await held.$eval(firstRow, (row) => (row as HTMLElement).dataset['before'])).toBe(
        'first-view',
      );
      expect(
        await held.evaluate(() => (window as unknown as { problems: string[] }).problems),
      ).toEqual([]);
    } finally {
      await own.close();
    }
  });
});
