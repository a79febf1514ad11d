// The dashboard's data requests. index.html loads this module on its own (async), so it runs as
// soon as it arrives, before the page is parsed and while ECharts is fetched: with an admin token
// already held it asks for every table the page's address names. dashboard.js takes these first
// answers when it asks the same queries with the same token, and asks again otherwise.

export const TOKEN_KEY = 'omni.reporting.adminToken';
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

/** One table's answer (a fetch response) for a query. */
export const ask = (table, query, token) =>
  fetch(`/v1/dashboard/${table}?${query}`, { headers: { authorization: `Bearer ${token}` } });

/** The requests made as this module ran, by table: each is taken once, or never. */
const first = new Map();
const token = sessionStorage.getItem(TOKEN_KEY);
if (token) {
  const asked = queriesOf(filtersOf(location.search, new Date()));
  for (const table of TABLES) {
    const answer = ask(table, asked[table], token);
    // A request never taken (the filters were not what the address says) fails unnoticed.
    answer.catch(() => undefined);
    first.set(table, { query: asked[table], token, answer });
  }
}

/** The answer asked for as the page loaded, if it was asked with this query and token. */
export function takeFirst(table, query, withToken) {
  const found = first.get(table);
  first.delete(table);
  return found?.query === query && found.token === withToken ? found.answer : undefined;
}
