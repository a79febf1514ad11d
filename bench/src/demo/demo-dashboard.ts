import { KpiOrderReader } from '../reporting/kpi-reader';

/** What the demo leaves on the dashboard: rows per table, and the address to open. */
export type DashboardSeen =
  | {
      readonly available: true;
      readonly url: string;
      readonly orders: number;
      readonly tables: readonly { readonly table: string; readonly rows: number }[];
      readonly alerts: number;
      readonly decisions: number;
    }
  | { readonly available: false; readonly reason: string };

export type DemoSpan = { readonly fromDate: string; readonly days: number };

/** The tables of `GET /v1/dashboard/{table}` with the range parameters each takes. */
const RANGED_TABLES = [
  'kpis',
  'funnel',
  'attribution',
  'retention',
  'promotions',
  'inventory',
] as const;
const OTHER_TABLES = ['experiments', 'alerts', 'channel-decisions'] as const;

/**
 * An hour without orders is a real alert (sales stopped); its mirror image, raised for every hour
 * with orders, is there so that whatever hour the demo ends in, the alerts panel shows one.
 */
const DEMO_RULES = [
  {
    kind: 'threshold',
    name: 'An hour without orders',
    metric: 'orders',
    interval: 'hour',
    comparator: 'below',
    threshold: 1,
    cooldownMinutes: 60,
  },
  {
    kind: 'threshold',
    name: 'Demo: an hour with orders (raised for every such hour, to show alerts)',
    metric: 'orders',
    interval: 'hour',
    comparator: 'above',
    threshold: 0,
    cooldownMinutes: 0,
  },
  {
    kind: 'anomaly',
    name: 'Orders per hour outside the band of the same hour on earlier days',
    metric: 'orders',
    interval: 'hour',
    cooldownMinutes: 60,
  },
] as const;

/**
 * After the stream: waits until reporting has counted it, runs the channel decisions of the
 * last test period, makes sure the demo's alert rules exist and waits for the next evaluation,
 * then reads every dashboard table over the streamed span.
 */
export async function prepareDashboard(
  reporting: { readonly url: string; readonly adminToken: string },
  span: DemoSpan,
  log: (line: string) => void,
  now = new Date(),
): Promise<DashboardSeen> {
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const response = await fetch(`${reporting.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${reporting.adminToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  };

  log('waiting for reporting to count the streamed orders');
  const orders = await new KpiOrderReader(reporting.url, reporting.adminToken, {
    fromDate: span.fromDate,
    days: span.days + 1,
  }).settled(5_000, 300_000);

  const today = now.toISOString().slice(0, 10);
  const decisions = (
    (await call('POST', '/v1/channel-decisions/run', { periodEnd: today })) as unknown[]
  ).length;

  const rules = (await call('GET', '/v1/alerts/rules')) as { name: string; enabled: boolean }[];
  for (const rule of DEMO_RULES)
    if (!rules.some((existing) => existing.name === rule.name && existing.enabled))
      await call('POST', '/v1/alerts/rules', rule);
  log('waiting for reporting to evaluate the alert rules (every minute by default)');
  let alerts = 0;
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    alerts = ((await call('GET', '/v1/alerts?status=all&limit=500')) as unknown[]).length;
    if (alerts > 0) break;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }

  const from = `${span.fromDate}T00:00:00Z`;
  const to = new Date(Date.parse(from) + (span.days + 1) * 86_400_000).toISOString();
  const range = new URLSearchParams({ from, to }).toString();
  const tables: { table: string; rows: number }[] = [];
  for (const table of RANGED_TABLES) {
    const query = table === 'kpis' ? `${range}&interval=day&groupBy=channel` : range;
    const body = (await call('GET', `/v1/dashboard/${table}?${query}`)) as { rows: unknown[] };
    tables.push({ table, rows: body.rows.length });
  }
  for (const table of OTHER_TABLES) {
    const body = (await call('GET', `/v1/dashboard/${table}`)) as { rows: unknown[] };
    tables.push({ table, rows: body.rows.length });
  }
  const page = new URLSearchParams({ from: span.fromDate, to: today, interval: 'day' });
  return {
    available: true,
    url: `${reporting.url}/dashboard?${page.toString()}`,
    orders,
    tables,
    alerts,
    decisions,
  };
}
