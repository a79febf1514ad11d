import { ApiError } from '@omni/platform';
import type { ReportTable, ReportTableName, TableRow } from '../tables/report-table';
import type { ReportTablesService } from '../tables/report-tables.service';
import { DashboardChartsService } from './dashboard-charts.service';
import type { DashboardChartsQuery } from './dto/dashboard-charts.dto';
import { chartWidth } from './page/charts.js';

const row = (cells: TableRow['cells']): TableRow => ({ cells, suppressed: [] });
const table = (name: ReportTableName, columns: string[], rows: TableRow[]): ReportTable => ({
  table: name,
  columns,
  rows,
  minCellCustomers: 2,
});

/** A week of two channels, and one row or a few of every other table the charts draw. */
function answers(channel = 'tmall'): Record<string, ReportTable> {
  const days = ['2026-03-02T00:00:00.000Z', '2026-03-03T00:00:00.000Z'];
  return {
    kpis: table(
      'kpis',
      ['bucketStart', 'channel', 'visitors', 'gmvGross', 'roas', 'csat'],
      days.flatMap((bucketStart, i) =>
        ['web', channel].map((name, j) =>
          row({
            bucketStart,
            channel: name,
            visitors: 100 + 10 * i + j,
            gmvGross: 123_400,
            roas: 2.5,
            csat: 0.9,
          }),
        ),
      ),
    ),
    funnel: table(
      'funnel',
      ['name', 'customers'],
      [row({ name: 'awareness', customers: 41 }), row({ name: 'conversion', customers: 7 })],
    ),
    attribution: table(
      'attribution',
      ['channel', 'campaignId', 'first', 'last', 'linear', 'time-decay', 'position'],
      [
        row({
          channel: 'web',
          campaignId: 'spring',
          first: 100,
          last: 200,
          linear: 150,
          'time-decay': 160,
          position: 140,
        }),
      ],
    ),
    retention: table(
      'retention',
      ['cohortStart', 'rate0', 'rate1'],
      [row({ cohortStart: days[0], rate0: 1, rate1: 0.375 })],
    ),
    experiments: table(
      'experiments',
      ['experimentId', 'variant', 'conversionRate'],
      [row({ experimentId: 'checkout', variant: 'b', conversionRate: 0.125 })],
    ),
    'channel-decisions': table(
      'channel-decisions',
      ['channel', 'healthIndex'],
      [row({ channel: 'web', healthIndex: 64 })],
    ),
    inventory: table(
      'inventory',
      ['sku', 'currentAvailable', 'unitsSold'],
      [row({ sku: 'SKU-RED-42', currentAvailable: 9, unitsSold: 3 })],
    ),
  };
}

const RANGE = 'from=2026-03-02T00:00:00Z&to=2026-03-09T00:00:00Z';
const QUERY: DashboardChartsQuery = {
  lang: 'en',
  width: 432,
  height: 260,
  kpis: `${RANGE}&interval=day&groupBy=channel&metrics=visitors,gmvGross,roas,csat`,
  funnel: RANGE,
  attribution: RANGE,
  retention: `${RANGE}&period=week&periods=6`,
  experiments: 'limit=20',
  'channel-decisions': 'limit=50',
  inventory: `${RANGE}&limit=50`,
};

/** The service over tables answering `current` (changed by the test), each call recorded. */
function service() {
  const state = { current: answers(), asked: [] as [string, unknown][] };
  const answer = (name: string) => (query: unknown) => {
    state.asked.push([name, query]);
    return Promise.resolve(state.current[name]);
  };
  const tables = {
    kpiTable: answer('kpis'),
    funnelTable: answer('funnel'),
    attributionTable: answer('attribution'),
    retentionTable: answer('retention'),
    experimentsTable: answer('experiments'),
    decisionsTable: answer('channel-decisions'),
    inventoryTable: answer('inventory'),
  } as unknown as ReportTablesService;
  return { charts: new DashboardChartsService(tables), state };
}

describe('DashboardChartsService', () => {
  it('draws every chart as an SVG of the asked size, with the figures of the tables it answers', async () => {
    const { charts, state } = service();
    const view = await charts.firstView(QUERY);
    expect(Object.keys(view.charts).sort()).toEqual(
      [
        'attribution',
        'channel-decisions',
        'efficiency',
        'experiments',
        'funnel',
        'retention',
        'sales',
        'satisfaction',
        'stock',
        'traffic',
      ].sort(),
    );
    for (const svg of Object.values(view.charts))
      expect(svg).toMatch(/^<svg width="432" height="260" [^>]*viewBox="0 0 432 260"/);
    expect(view.tables).toEqual(answers());
    expect(view.drawn).toBe(10);
    // The funnel's labels carry each step's customers; the other charts their rows' names.
    expect(view.charts.funnel).toContain('>Awareness: 41<');
    expect(view.charts.funnel).toContain('>Conversion: 7<');
    expect(view.charts.traffic).toContain('>tmall<');
    expect(view.charts.retention).toContain('>37.5%<');
    expect(view.charts.stock).toContain('>SKU-RED-42<');
    expect(view.charts['channel-decisions']).toContain('>Health<');
    // Each table read with its own endpoint's query, parsed and defaulted as that endpoint does.
    expect(Object.fromEntries(state.asked)).toMatchObject({
      kpis: {
        from: '2026-03-02T00:00:00Z',
        interval: 'day',
        groupBy: ['channel'],
        metrics: ['visitors', 'gmvGross', 'roas', 'csat'],
      },
      funnel: { mode: 'ordered' },
      retention: { period: 'week', periods: 6, cohort: 'first-order' },
      experiments: 20,
      inventory: { limit: 50 },
    });
  });

  it('labels the charts in the language asked', async () => {
    const { charts } = service();
    const view = await charts.firstView({ ...QUERY, lang: 'zh' });
    expect(view.charts.funnel).toContain('>认知: 41<');
    expect(view.charts['channel-decisions']).toContain('>健康度<');
  });

  it('escapes the text of the data it draws', async () => {
    const { charts, state } = service();
    state.current = answers('<script>alert(1)</script>');
    const { charts: drawn } = await charts.firstView(QUERY);
    expect(drawn.traffic).not.toContain('<script');
    expect(drawn.traffic).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('draws a chart again only when its table’s answer, the language or the size changed', async () => {
    const { charts, state } = service();
    const first = await charts.firstView(QUERY);
    const again = await charts.firstView(QUERY);
    expect([first.drawn, again.drawn, again.drawnMs]).toEqual([10, 0, 0]);
    expect(again.charts).toEqual(first.charts);
    // A new KPI answer: its four charts drawn anew, the six others kept.
    state.current = { ...answers(), kpis: answers('jd').kpis };
    const changed = await charts.firstView(QUERY);
    expect(changed.drawn).toBe(4);
    expect(changed.charts.traffic).toContain('>jd<');
    expect(changed.charts.funnel).toBe(first.charts.funnel);
    const wider = await charts.firstView({ ...QUERY, width: 500 });
    expect(wider.drawn).toBe(10);
    expect(wider.charts.funnel).toMatch(/^<svg width="500" height="260"/);
  });

  it('refuses a table’s malformed query, naming the table', async () => {
    const { charts } = service();
    const refused = charts.firstView({
      ...QUERY,
      funnel: 'from=yesterday&to=2026-03-09T00:00:00Z',
    });
    await expect(refused).rejects.toBeInstanceOf(ApiError);
    await expect(refused).rejects.toMatchObject({
      status: 400,
      code: 'invalid_request',
      message: expect.stringMatching(/^funnel\.from: /),
    });
    await expect(
      charts.firstView({ ...QUERY, experiments: 'limit=20&extra=1' }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringContaining('experiments') });
  });

  it('draws every chart at start-up from empty tables, so ECharts is compiled before the first page', () => {
    const { charts } = service();
    expect(() => charts.onApplicationBootstrap()).not.toThrow();
  });
});

describe('chartWidth', () => {
  it('is a figure’s content width in dashboard.css’s grid: three columns at 1440 px, one below 900', () => {
    expect(chartWidth(1440)).toBe(Math.floor((1440 - 40 - 2 * 16) / 3) - 24);
    expect(chartWidth(1443)).toBe(chartWidth(1440) + 1);
    expect(chartWidth(880)).toBe(880 - 40 - 24);
    expect(chartWidth(200)).toBe(200 - 40 - 24);
  });
});

describe('chartSvg', () => {
  it('names its style classes and clip paths apart from every other drawing’s, as they share the page', async () => {
    const { charts } = service();
    const view = await charts.firstView(QUERY);
    const ids = (svg: string) => svg.match(/zr\d+-(cls-)?c?\d+/g) ?? [];
    const all = Object.values(view.charts).flatMap((svg) => [...new Set(ids(svg))]);
    expect(all.length).toBeGreaterThan(10);
    expect(all.length).toBe(new Set(all).size);
  });
});
