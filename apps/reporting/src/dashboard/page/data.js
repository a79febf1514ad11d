// The dashboard's data requests. index.html loads this module on its own (async), so it runs as
// soon as it arrives, before the page is parsed: with an admin token already held it asks for the
// first view the page's address names, the charts drawn by reporting with the tables they draw
// (GET /v1/dashboard/charts) and the other tables one by one. dashboard.js takes these first
// answers when it asks the same queries with the same token, and asks again otherwise.
import { CHART_HEIGHT, CHART_TABLES, chartWidth } from './charts.js';

export const TOKEN_KEY = 'omni.reporting.adminToken';
export const LANG_KEY = 'omni.reporting.lang';
/** The page's tables, in the order they are shown and asked for (the slowest queries first). */
export const TABLES = [
  'kpis',
  'funnel',
  'attribution',
  'retention',
  'experiments',
  'promotions',
  'alerts',
  'channel-decisions',
  'inventory',
];
const KPI_METRICS =
  'visitors,pageViews,orders,gmvGross,aov,conversionRate,spend,cac,roi,roas,csat,serviceContacts';

export const day = (date) => date.toISOString().slice(0, 10);
const nextDay = (text) => day(new Date(Date.parse(`${text}T00:00:00Z`) + 86_400_000));

/** The filters a page address names (the last seven days by default). */
export function filtersOf(search, today) {
  const params = new URLSearchParams(search);
  return {
    from: params.get('from') ?? day(new Date(today.getTime() - 6 * 86_400_000)),
    to: params.get('to') ?? day(today),
    interval: params.get('interval') === 'hour' ? 'hour' : 'day',
    channel: params.get('channel') ?? '',
    campaign: params.get('campaign') ?? '',
  };
}

/** The query string of every table for some filters. */
export function queriesOf({ from, to, interval, channel, campaign }) {
  const enc = encodeURIComponent;
  const range = `from=${from}T00:00:00Z&to=${nextDay(to)}T00:00:00Z`;
  const byChannel = channel ? `&channel=${enc(channel)}` : '';
  const byCampaign = campaign.trim() ? `&campaign=${enc(campaign.trim())}` : '';
  return {
    kpis: `${range}&interval=${interval}&groupBy=channel&metrics=${KPI_METRICS}${byChannel}${byCampaign}`,
    funnel: `${range}${byChannel}${byCampaign}`,
    attribution: `${range}${byChannel}${byCampaign}`,
    retention: `${range}&period=week&periods=6`,
    experiments: 'limit=20',
    promotions: `${range}${byChannel}`,
    alerts: `status=all&limit=50${byChannel}${byCampaign}`,
    'channel-decisions': `limit=50${byChannel}`,
    inventory: `${range}&limit=50${byChannel}`,
  };
}

/** The language the address names, else the one chosen before, else the browser's. */
export function langOf(search) {
  const named = new URLSearchParams(search).get('lang');
  if (named === 'zh' || named === 'en') return named;
  return localStorage.getItem(LANG_KEY) ?? (navigator.language.startsWith('zh') ? 'zh' : 'en');
}

/** The query string of the first view: the charts' tables' queries, the language and chart size. */
export function chartsQueryOf(queries, lang, viewportWidth) {
  const params = new URLSearchParams({
    lang,
    width: String(chartWidth(viewportWidth)),
    height: String(CHART_HEIGHT),
  });
  for (const table of CHART_TABLES) params.set(table, queries[table]);
  return params.toString();
}

const asked = (path, token) => fetch(path, { headers: { authorization: `Bearer ${token}` } });

/** One table's answer (a fetch response) for a query. */
export const ask = (table, query, token) => asked(`/v1/dashboard/${table}?${query}`, token);

/** The first view's answer (a fetch response): the charts as SVG and the tables they draw. */
export const askCharts = (query, token) => asked(`/v1/dashboard/charts?${query}`, token);

/** The requests made as this module ran, by table ('charts' for the first view): each is taken once, or never. */
const first = new Map();
const token = sessionStorage.getItem(TOKEN_KEY);
if (token) {
  const queries = queriesOf(filtersOf(location.search, new Date()));
  const early = (name, query, answer) => {
    // A request never taken (the filters were not what the address says) fails unnoticed.
    answer.catch(() => undefined);
    first.set(name, { query, token, answer });
  };
  const chartsQuery = chartsQueryOf(queries, langOf(location.search), innerWidth);
  early('charts', chartsQuery, askCharts(chartsQuery, token));
  for (const table of TABLES)
    if (!CHART_TABLES.includes(table))
      early(table, queries[table], ask(table, queries[table], token));
}

/** The answer asked for as the page loaded ('charts': the first view), if asked with this query and token. */
export function takeFirst(name, query, withToken) {
  const found = first.get(name);
  first.delete(name);
  return found?.query === query && found.token === withToken ? found.answer : undefined;
}
