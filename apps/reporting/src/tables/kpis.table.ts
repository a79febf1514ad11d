import type { KpiAnswerDto } from '../kpis/dto/kpis.dto';
import type { KpiMetric } from '../kpis/kpi-metrics';
import { hideSmallCells } from './k-anonymity';
import type { TableRow } from './report-table';

type Population = 'visitors' | 'buyers' | 'respondents' | 'contacts';

/** The customers each KPI is about: a cell is hidden when any of them are too few. */
const POPULATIONS: Record<KpiMetric, readonly Population[]> = {
  visitors: ['visitors'],
  events: ['visitors'],
  pageViews: ['visitors'],
  productViews: ['visitors'],
  searches: ['visitors'],
  cartAdds: ['visitors'],
  checkouts: ['visitors'],
  touches: ['visitors'],
  clicks: ['visitors'],
  ctr: ['visitors'],
  negativeReviews: ['visitors'],
  orders: ['buyers'],
  buyers: ['buyers'],
  newBuyers: ['buyers'],
  returningBuyers: ['buyers'],
  repurchaseRate: ['buyers'],
  gmvGross: ['buyers'],
  gmvNet: ['buyers'],
  aov: ['buyers'],
  refunds: ['buyers'],
  refundedAmount: ['buyers'],
  cancellations: ['buyers'],
  cancelledAmount: ['buyers'],
  discounts: ['buyers'],
  otherCurrencyOrders: ['buyers'],
  cac: ['buyers'],
  roas: ['buyers'],
  roi: ['buyers'],
  conversionRate: ['visitors', 'buyers'],
  // Ad spend is the advertiser's money, about no customer.
  spend: [],
  csat: ['respondents'],
  csatAnswers: ['respondents'],
  csatMeanScore: ['respondents'],
  csatRespondents: ['respondents'],
  serviceContacts: ['contacts'],
  serviceContactCustomers: ['contacts'],
};

/** The metrics a KPI answer must carry so that any requested cell can be judged. */
export const kpiMetricsToQuery = (metrics: readonly KpiMetric[]): KpiMetric[] => [
  ...new Set<KpiMetric>([
    ...metrics,
    'visitors',
    'buyers',
    'csatRespondents',
    'serviceContactCustomers',
  ]),
];

export function kpiColumns(groupBy: readonly string[], metrics: readonly KpiMetric[]): string[] {
  return [
    'bucketStart',
    ...(groupBy.includes('channel') ? ['channel'] : []),
    ...(groupBy.includes('campaign') ? ['campaignId'] : []),
    ...metrics,
  ];
}

/** KPI rows with their small cells hidden; only the requested metrics are kept. */
export function kpiRows(
  answer: KpiAnswerDto,
  groupBy: readonly string[],
  metrics: readonly KpiMetric[],
  k: number,
): TableRow[] {
  return answer.rows.map((row) => {
    const counts: Record<Population, number> = {
      visitors: row.metrics['visitors'] ?? 0,
      buyers: row.metrics['buyers'] ?? 0,
      respondents: row.metrics['csatRespondents'] ?? 0,
      contacts: row.metrics['serviceContactCustomers'] ?? 0,
    };
    const cells = {
      bucketStart: row.bucketStart,
      ...(groupBy.includes('channel') ? { channel: row.channel ?? null } : {}),
      ...(groupBy.includes('campaign') ? { campaignId: row.campaignId ?? null } : {}),
      ...Object.fromEntries(metrics.map((metric) => [metric, row.metrics[metric] ?? null])),
    };
    return hideSmallCells(
      cells,
      (column) => (POPULATIONS[column as KpiMetric] ?? []).map((population) => counts[population]),
      k,
    );
  });
}
