import { randomUUID } from 'node:crypto';
import { useHarness } from '@omni/testing';
import {
  auth,
  placed,
  resolved,
  startReporting,
  type KpiAnswer,
  type TestEvent,
} from './support/reporting-harness';

type Table = {
  table: string;
  columns: string[];
  rows: { cells: Record<string, string | number | boolean | null>; suppressed: string[] }[];
  minCellCustomers: number;
};

const RANGE = 'from=2026-03-01T00:00:00Z&to=2026-03-08T00:00:00Z';

describe('dashboard tables and CSV exports, with small cells hidden', () => {
  // k = 2: a cell about one customer is hidden.
  const reporting = useHarness(() => startReporting({ REPORTING_MIN_CELL_CUSTOMERS: '2' }));

  beforeAll(async () => {
    const [ann, bob, cat] = ['ann', 'bob', 'cat'].map((name) => `cus-${name}-${randomUUID()}`);
    const on = { campaignId: 'spring "sale", 2026' };
    const events: TestEvent[] = [
      ...[ann, bob].flatMap((customer, i) => [
        resolved('page.viewed', customer, { ...on, at: '2026-03-02T09:00:00Z' }),
        resolved('product.viewed', customer, { ...on, at: '2026-03-02T09:01:00Z' }),
        resolved('cart.item-added', customer, { ...on, at: '2026-03-02T09:02:00Z' }),
        placed(customer, `o-${randomUUID()}`, 10_000 + i, { ...on, at: '2026-03-02T09:03:00Z' }),
      ]),
      resolved('page.viewed', cat, { ...on, at: '2026-03-02T10:00:00Z', channel: 'tmall' }),
      resolved('product.viewed', cat, { ...on, at: '2026-03-02T10:01:00Z', channel: 'tmall' }),
      placed(cat, `o-${randomUUID()}`, 7_000, {
        ...on,
        at: '2026-03-02T10:02:00Z',
        channel: 'tmall',
      }),
    ];
    await reporting.send(reporting.topics.resolvedEvents, ...events);
    await reporting.applied(...events);
  });

  const csv = async (url: string) => {
    const response = await reporting.app.inject({ method: 'GET', url, headers: auth });
    return { status: response.statusCode, headers: response.headers, body: response.body };
  };

  it('shows the KPIs of two web buyers and hides those of the one tmall buyer', async () => {
    const query = `${RANGE}&groupBy=channel&metrics=visitors,orders,gmvGross,pageViews`;
    const { status, body } = await reporting.get<Table>(`/v1/dashboard/kpis?${query}`);
    expect(status).toBe(200);
    expect(body.minCellCustomers).toBe(2);
    expect(body.columns).toEqual([
      'bucketStart',
      'channel',
      'visitors',
      'orders',
      'gmvGross',
      'pageViews',
    ]);
    expect(body.rows).toEqual([
      {
        cells: {
          bucketStart: '2026-03-02T00:00:00.000Z',
          channel: 'tmall',
          visitors: null,
          orders: null,
          gmvGross: null,
          pageViews: null,
        },
        suppressed: ['visitors', 'orders', 'gmvGross', 'pageViews'],
      },
      {
        cells: {
          bucketStart: '2026-03-02T00:00:00.000Z',
          channel: 'web',
          visitors: 2,
          orders: 2,
          gmvGross: 20_001,
          pageViews: 2,
        },
        suppressed: [],
      },
    ]);
    // The cells shown are the KPI API's own figures.
    const kpis = await reporting.get<KpiAnswer>(`/v1/kpis?${query}`);
    expect(kpis.body.rows.find((row) => row.channel === 'web')?.metrics).toEqual({
      visitors: 2,
      orders: 2,
      gmvGross: 20_001,
      pageViews: 2,
    });
  });

  it('exports the same KPI rows as a streamed CSV attachment, quoting what must be quoted', async () => {
    const query = `${RANGE}&groupBy=channel,campaign&metrics=orders,gmvGross,spend`;
    const { status, headers, body } = await csv(`/v1/exports/kpis.csv?${query}`);
    expect(status).toBe(200);
    expect(headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(headers['content-disposition']).toBe('attachment; filename="kpis.csv"');
    expect(body).toBe(
      [
        'bucketStart,channel,campaignId,orders,gmvGross,spend,suppressed',
        '2026-03-02T00:00:00.000Z,tmall,"spring ""sale"", 2026",,,0,orders;gmvGross',
        '2026-03-02T00:00:00.000Z,web,"spring ""sale"", 2026",2,20001,0,',
        '',
      ].join('\r\n'),
    );
  });

  it('writes a long hourly export slice by slice, the same rows as one query answers', async () => {
    const late = ['dan', 'eve'].map((name) =>
      placed(`cus-${name}-${randomUUID()}`, `o-${randomUUID()}`, 4_000, {
        at: '2026-03-25T13:30:00Z',
      }),
    );
    await reporting.send(reporting.topics.resolvedEvents, ...late);
    await reporting.applied(...late);
    // 720 hourly buckets: two slices of at most 500, with rows in each.
    const query =
      'from=2026-03-01T00:00:00Z&to=2026-03-31T00:00:00Z&interval=hour&tz=Asia/Kolkata&groupBy=channel&metrics=orders,buyers,gmvGross';
    const table = await reporting.get<Table>(`/v1/dashboard/kpis?${query}`);
    const days = new Set(
      table.body.rows.map((row) => String(row.cells['bucketStart']).slice(0, 10)),
    );
    expect(days).toEqual(new Set(['2026-03-02', '2026-03-25']));
    const exported = await csv(`/v1/exports/kpis.csv?${query}`);
    expect(exported.body).toBe(
      [
        'bucketStart,channel,orders,buyers,gmvGross,suppressed',
        ...table.body.rows.map((row) =>
          [
            ...table.body.columns.map((column) => String(row.cells[column] ?? '')),
            row.suppressed.join(';'),
          ].join(','),
        ),
        '',
      ].join('\r\n'),
    );
  });

  it('hides a funnel step of one customer, through HTTP and in its CSV', async () => {
    const web = await reporting.get<Table>(`/v1/dashboard/funnel?${RANGE}&channel=web`);
    expect(web.body.rows.map((row) => row.cells['customers'])).toEqual([2, 2, 2, 2]);
    const tmall = await reporting.get<Table>(`/v1/dashboard/funnel?${RANGE}&channel=tmall`);
    expect(tmall.body.rows.map((row) => [row.cells['customers'], row.suppressed])).toEqual([
      [null, ['customers', 'conversionFromFirst']],
      [null, ['customers', 'conversionFromPrevious', 'conversionFromFirst']],
      // No one of one went on: a rate about that one customer is hidden too.
      [0, ['conversionFromPrevious', 'conversionFromFirst']],
      [0, ['conversionFromFirst']],
    ]);
    const exported = await csv(`/v1/exports/funnel.csv?${RANGE}&channel=tmall`);
    expect(exported.body.split('\r\n').slice(0, 2)).toEqual([
      'step,name,customers,conversionFromPrevious,conversionFromFirst,suppressed',
      '1,awareness,,,,customers;conversionFromFirst',
    ]);
  });

  it.each([
    ['kpis', RANGE],
    ['funnel', RANGE],
    ['attribution', RANGE],
    ['retention', RANGE],
    ['experiments', ''],
    ['alerts', ''],
    ['channel-decisions', ''],
  ])('exports the %s table with the columns the dashboard shows', async (table, query) => {
    const json = await reporting.get<Table>(`/v1/dashboard/${table}?${query}`);
    expect(json.status).toBe(200);
    const exported = await csv(`/v1/exports/${table}.csv?${query}`);
    expect(exported.status).toBe(200);
    const lines = exported.body.split('\r\n');
    expect(lines[0]).toBe([...json.body.columns, 'suppressed'].join(','));
    expect(lines).toHaveLength(json.body.rows.length + 2);
  });

  it.each([
    ['a malformed date', '/v1/exports/kpis.csv?from=yesterday&to=2026-03-08T00:00:00Z'],
    ['an unknown metric', `/v1/exports/kpis.csv?${RANGE}&metrics=happiness`],
    ['from after to', '/v1/exports/funnel.csv?from=2026-03-09T00:00:00Z&to=2026-03-08T00:00:00Z'],
    ['an unknown parameter', `/v1/exports/retention.csv?${RANGE}&colour=red`],
    ['a limit of 0', '/v1/exports/alerts.csv?limit=0'],
  ])('answers 400 invalid_request to %s', async (_, url) => {
    const { status, body } = await csv(url);
    expect(status).toBe(400);
    expect(JSON.parse(body)).toMatchObject({
      code: 'invalid_request',
      message: expect.any(String),
    });
  });

  it('refuses an hourly export over more buckets than REPORTING_KPI_MAX_BUCKETS', async () => {
    const { status, body } = await csv(
      '/v1/exports/kpis.csv?interval=hour&from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z',
    );
    expect(status).toBe(400);
    expect(JSON.parse(body)).toMatchObject({ code: 'range_too_large' });
  });

  it('needs the admin token for the data', async () => {
    for (const url of [`/v1/exports/kpis.csv?${RANGE}`, `/v1/dashboard/kpis?${RANGE}`]) {
      const response = await reporting.app.inject({ method: 'GET', url });
      expect([url, response.statusCode, response.json().code]).toEqual([
        url,
        401,
        'invalid_admin_token',
      ]);
    }
  });
});
