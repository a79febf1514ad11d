import type { KpiAnswerDto } from '../kpis/dto/kpis.dto';
import { kpiColumns, kpiMetricsToQuery, kpiRows } from './kpis.table';

const answer = (metrics: Record<string, number | null>): KpiAnswerDto => ({
  currency: 'CNY',
  interval: 'day',
  tz: 'UTC',
  rows: [{ bucketStart: '2026-03-02T00:00:00.000Z', channel: 'web', metrics }],
  freshness: { eventTime: null, appliedAt: null },
});

describe('the KPI table', () => {
  it('always asks for visitors, buyers, respondents and contacting customers, to judge every cell', () => {
    expect(kpiMetricsToQuery(['gmvGross'])).toEqual([
      'gmvGross',
      'visitors',
      'buyers',
      'csatRespondents',
      'serviceContactCustomers',
    ]);
  });

  it('hides CSAT of fewer than k respondents and contacts of fewer than k customers', () => {
    const [row] = kpiRows(
      answer({
        visitors: 0,
        buyers: 0,
        csat: 1,
        csatAnswers: 6,
        csatRespondents: 2,
        serviceContacts: 9,
        serviceContactCustomers: 7,
      }),
      [],
      ['csat', 'csatAnswers', 'serviceContacts'],
      5,
    );
    expect(row.suppressed).toEqual(['csat', 'csatAnswers']);
    expect(row.cells['serviceContacts']).toBe(9);
  });

  it('hides what few buyers did, keeps traffic of many visitors and ad spend', () => {
    const [row] = kpiRows(
      answer({
        visitors: 40,
        buyers: 2,
        orders: 3,
        gmvGross: 9_000,
        conversionRate: 0.05,
        pageViews: 90,
        spend: 500,
        roas: 18,
      }),
      ['channel'],
      ['pageViews', 'orders', 'gmvGross', 'conversionRate', 'spend', 'roas'],
      5,
    );
    expect(row).toEqual({
      cells: {
        bucketStart: '2026-03-02T00:00:00.000Z',
        channel: 'web',
        pageViews: 90,
        orders: null,
        gmvGross: null,
        conversionRate: null,
        spend: 500,
        roas: null,
      },
      suppressed: ['orders', 'gmvGross', 'conversionRate', 'roas'],
    });
  });

  it('hides traffic of fewer than k visitors', () => {
    const [row] = kpiRows(
      answer({ visitors: 3, buyers: 0, pageViews: 7, orders: 0 }),
      [],
      ['pageViews', 'orders'],
      5,
    );
    expect(row.suppressed).toEqual(['pageViews']);
    expect(row.cells['orders']).toBe(0);
  });

  it('lists the dimensions asked for, then the metrics', () => {
    expect(kpiColumns(['channel', 'campaign'], ['orders'])).toEqual([
      'bucketStart',
      'channel',
      'campaignId',
      'orders',
    ]);
  });
});
