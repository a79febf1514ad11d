// The reporting dashboard: reads the admin-protected tables of /v1/dashboard every two seconds
// and draws them with Apache ECharts (a deferred script of index.html: the global `echarts`,
// there once that script has loaded).
import { ask, day, filtersOf, queriesOf, TABLES, takeFirst, TOKEN_KEY } from '/dashboard/data.js';
import { LABELS } from '/dashboard/labels.js';

const LANG_KEY = 'omni.reporting.lang';
const POLL_MS = 2_000;
const MODELS = ['first', 'last', 'linear', 'time-decay', 'position'];
const MONEY = new Set([
  'gmvGross',
  'aov',
  'spend',
  'cac',
  'revenue',
  'revenuePerUser',
  'monthRevenue',
  'discount',
  ...MODELS,
]);
const PERCENT = /^(conversionRate|conversionFrom\w+|rate\d+|relativeUplift|ctr|csat|stockoutRate)$/;

const $ = (selector) => document.querySelector(selector);
let lang = localStorage.getItem(LANG_KEY) ?? (navigator.language.startsWith('zh') ? 'zh' : 'en');
const t = (key) => {
  const period = /^(returned|rate)(\d+)$/.exec(key);
  if (period) return LABELS[lang][period[1]].replace('{n}', period[2]);
  return LABELS[lang][key] ?? LABELS.en[key] ?? key;
};
const token = () => sessionStorage.getItem(TOKEN_KEY);
const authorization = () => ({ authorization: `Bearer ${token()}` });

/** The latest answer of each table, with the query it answers and its text as received. */
const latest = new Map();
const charts = new Map();
const knownChannels = new Set();
let timer;
let inFlight = false;
let again = false;

class Unauthorized extends Error {}

const echartsLoaded = new Promise((resolve) => {
  // Until ECharts defines it, window.echarts is the <script id="echarts"> element itself.
  if (typeof window.echarts?.init === 'function') resolve();
  else $('#echarts').addEventListener('load', () => resolve());
}).then(() => performance.mark('omni:echarts-ready'));

// ---- filters -------------------------------------------------------------------------------

function initFilters() {
  const params = new URLSearchParams(location.search);
  const filters = filtersOf(location.search, new Date());
  $('#to').value = filters.to;
  $('#from').value = filters.from;
  $('#interval').value = filters.interval;
  $('#campaign').value = filters.campaign;
  if (filters.channel) addChannel(filters.channel);
  $('#channel').value = filters.channel;
  if (params.get('lang') === 'zh' || params.get('lang') === 'en') lang = params.get('lang');
  $('#filters').addEventListener('change', () => void refresh());
}

function addChannel(channel) {
  if (knownChannels.has(channel)) return;
  knownChannels.add(channel);
  const option = document.createElement('option');
  option.value = channel;
  option.textContent = channel;
  $('#channel').append(option);
}

/** The query string of every table for the filters as they are now. */
function queries() {
  return queriesOf({
    from: $('#from').value,
    to: $('#to').value,
    interval: $('#interval').value,
    channel: $('#channel').value,
    campaign: $('#campaign').value,
  });
}

// ---- data ----------------------------------------------------------------------------------

async function fetchTable(table, query) {
  // The first load's answers were asked for by data.js already, as the page was parsed.
  const response = await (takeFirst(table, query, token()) ?? ask(table, query, token()));
  if (response.status === 401) throw new Unauthorized();
  const text = await response.text();
  const body = JSON.parse(text);
  if (!response.ok) throw new Error(`${t(table)}: ${body.message ?? body.code}`);
  return { text, body };
}

async function refresh() {
  if (inFlight) {
    again = true;
    return;
  }
  inFlight = true;
  const asked = queries();
  try {
    // Each table is shown as soon as it answers (its charts drawn from the next frame on); the
    // slowest query does not hold the others.
    await Promise.all(
      TABLES.map(async (table) => {
        const { text, body } = await fetchTable(table, asked[table]);
        await echartsLoaded;
        // A poll answered as before changes nothing shown: its charts are not drawn again.
        const shown = latest.get(table);
        if (shown?.query === asked[table] && shown.text === text) return;
        latest.set(table, { query: asked[table], text, body });
        show(table);
      }),
    );
    $('#updated').textContent = `${t('updated')} ${new Date().toLocaleTimeString()}`;
    $('#problem').hidden = true;
  } catch (error) {
    if (error instanceof Unauthorized) {
      signOut(true);
      return;
    }
    $('#problem').textContent = error.message;
    $('#problem').hidden = false;
  } finally {
    inFlight = false;
  }
  if (again) {
    again = false;
    void refresh();
  }
}

async function download(table) {
  const { query } = latest.get(table) ?? { query: queries()[table] };
  const response = await fetch(`/v1/exports/${table}.csv?${query}`, { headers: authorization() });
  if (response.status === 401) return signOut(true);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = `${table}.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// ---- tables --------------------------------------------------------------------------------

function format(column, value) {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? '✓' : '✗';
  if (typeof value === 'string') {
    if (column === 'name') return t(value);
    return /^\d{4}-\d\d-\d\dT/.test(value) ? value.slice(0, 16).replace('T', ' ') : value;
  }
  if (MONEY.has(column)) return (value / 100).toFixed(2);
  if (PERCENT.test(column)) return `${(value * 100).toFixed(1)}%`;
  if (column === 'pValue') return value.toPrecision(3);
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

function section(table) {
  let found = document.querySelector(`section[data-section="${table}"]`);
  if (found) return found;
  found = document.createElement('section');
  found.dataset.section = table;
  const heading = document.createElement('h2');
  const title = document.createElement('span');
  title.dataset.label = table;
  const csv = document.createElement('a');
  csv.dataset.csv = table;
  csv.dataset.label = 'csv';
  csv.href = '#';
  csv.addEventListener('click', (event) => {
    event.preventDefault();
    void download(table);
  });
  heading.append(title, csv);
  const element = document.createElement('table');
  element.dataset.table = table;
  found.append(heading, element);
  $('#tables').append(found);
  return found;
}

function renderTable(table) {
  const { query, body } = latest.get(table);
  const element = section(table).querySelector('table');
  element.dataset.query = query;
  const head = document.createElement('tr');
  for (const column of body.columns) {
    const th = document.createElement('th');
    th.textContent = t(column);
    head.append(th);
  }
  const rows = body.rows.map((row) => {
    const tr = document.createElement('tr');
    for (const column of body.columns) {
      const td = document.createElement('td');
      const value = row.cells[column];
      td.dataset.col = column;
      td.textContent = format(column, value);
      if (row.suppressed.includes(column)) {
        td.dataset.suppressed = 'true';
        td.title = t('hidden').replace('{k}', String(body.minCellCustomers));
      } else if (value !== null) td.dataset.value = String(value);
      tr.append(td);
    }
    return tr;
  });
  if (rows.length === 0) {
    const tr = document.createElement('tr');
    const td = document.createElement('td');
    td.colSpan = body.columns.length;
    td.textContent = t('empty');
    tr.append(td);
    rows.push(tr);
  }
  element.replaceChildren(head, ...rows);
}

// ---- charts --------------------------------------------------------------------------------

/**
 * A chart's instance. The first call creates them all: each init reads its element's size, so
 * one layout serves all ten, before the tables fill the page (an init between two tables
 * forced a layout of everything above it).
 */
function chart(name) {
  if (charts.size === 0)
    for (const element of document.querySelectorAll('[data-chart]'))
      charts.set(element.dataset.chart, echarts.init(element));
  return charts.get(name);
}

const rowsOf = (table) => latest.get(table).body.rows.map((row) => row.cells);
const money = (value) => (value === null ? null : value / 100);
const base = {
  animation: false,
  tooltip: { trigger: 'axis' },
  legend: { type: 'scroll', top: 0 },
  grid: { left: 56, right: 16, top: 36, bottom: 28 },
};

/** Per-channel series of one KPI over the buckets. */
function perChannel(metric, type, scale = (v) => v) {
  const rows = rowsOf('kpis');
  const buckets = [...new Set(rows.map((row) => row.bucketStart))].sort();
  const channels = [...new Set(rows.map((row) => row.channel))].sort();
  const value = (bucket, channel) =>
    rows.find((row) => row.bucketStart === bucket && row.channel === channel)?.[metric] ?? null;
  return {
    ...base,
    xAxis: { type: 'category', data: buckets.map((bucket) => format('bucketStart', bucket)) },
    yAxis: { type: 'value' },
    series: channels.map((channel) => ({
      name: channel,
      type,
      connectNulls: false,
      data: buckets.map((bucket) => {
        const v = value(bucket, channel);
        return v === null ? null : scale(v);
      }),
    })),
  };
}

function funnelChart() {
  return {
    animation: false,
    tooltip: {},
    series: [
      {
        type: 'funnel',
        sort: 'none',
        left: '5%',
        width: '65%',
        label: { formatter: '{b}: {c}' },
        data: rowsOf('funnel').map((row) => ({ name: t(row.name), value: row.customers ?? '-' })),
      },
    ],
  };
}

function attributionChart() {
  const rows = rowsOf('attribution');
  return {
    ...base,
    xAxis: { type: 'category', data: rows.map((row) => `${row.channel} · ${row.campaignId}`) },
    yAxis: { type: 'value' },
    series: MODELS.map((model) => ({
      name: t(model),
      type: 'bar',
      data: rows.map((row) => money(row[model] ?? null)),
    })),
  };
}

function retentionChart() {
  const rows = rowsOf('retention');
  const periods = latest.get('retention').body.columns.filter((c) => /^rate\d+$/.test(c));
  const percent = (rate) => (rate === null ? null : Math.round(rate * 1000) / 10);
  return {
    animation: false,
    tooltip: {},
    grid: { left: 90, right: 72, top: 16, bottom: 28 },
    xAxis: { type: 'category', data: periods.map((_, i) => String(i)) },
    yAxis: {
      type: 'category',
      data: rows.map((row) => format('cohortStart', row.cohortStart).slice(0, 10)),
    },
    visualMap: {
      min: 0,
      max: 100,
      orient: 'vertical',
      right: 0,
      top: 'center',
      text: ['100%', '0%'],
    },
    series: [
      {
        type: 'heatmap',
        label: { show: true, formatter: (p) => `${p.value[2]}%` },
        data: rows.flatMap((row, y) =>
          periods.map((column, x) => [x, y, percent(row[column])]).filter(([, , v]) => v !== null),
        ),
      },
    ],
  };
}

function experimentsChart() {
  const rows = rowsOf('experiments');
  return {
    ...base,
    xAxis: {
      type: 'category',
      axisLabel: { interval: 0 },
      data: rows.map((row) => `${row.experimentId} · ${row.variant}`),
    },
    yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
    series: [
      {
        name: t('conversionRate'),
        type: 'bar',
        data: rows.map((row) =>
          row.conversionRate === null ? null : Math.round(row.conversionRate * 1000) / 10,
        ),
      },
    ],
  };
}

function healthChart() {
  // Decisions come latest period first: the first row of a channel is its current health.
  const health = new Map();
  for (const row of rowsOf('channel-decisions'))
    if (!health.has(row.channel)) health.set(row.channel, row.healthIndex);
  return {
    ...base,
    xAxis: { type: 'category', axisLabel: { interval: 0 }, data: [...health.keys()] },
    yAxis: { type: 'value', min: 0, max: 100 },
    series: [{ name: t('healthIndex'), type: 'bar', data: [...health.values()] }],
  };
}

function stockChart() {
  const rows = rowsOf('inventory');
  return {
    ...base,
    grid: { ...base.grid, bottom: 64 },
    xAxis: {
      type: 'category',
      axisLabel: { interval: 0, rotate: 30 },
      data: rows.map((row) => row.sku),
    },
    yAxis: { type: 'value' },
    series: ['currentAvailable', 'unitsSold'].map((column) => ({
      name: t(column),
      type: 'bar',
      data: rows.map((row) => row[column]),
    })),
  };
}

/** Each chart: the table it draws and its ECharts option from that table's latest answer. */
const CHARTS = {
  traffic: { table: 'kpis', option: () => perChannel('visitors', 'line') },
  sales: { table: 'kpis', option: () => perChannel('gmvGross', 'bar', (v) => v / 100) },
  efficiency: { table: 'kpis', option: () => perChannel('roas', 'line') },
  funnel: { table: 'funnel', option: funnelChart },
  attribution: { table: 'attribution', option: attributionChart },
  retention: { table: 'retention', option: retentionChart },
  experiments: { table: 'experiments', option: experimentsChart },
  'channel-decisions': { table: 'channel-decisions', option: healthChart },
  satisfaction: {
    table: 'kpis',
    option: () => perChannel('csat', 'line', (v) => Math.round(v * 1000) / 10),
  },
  stock: { table: 'inventory', option: stockChart },
};

/** Charts drawn with data at least once (all of them: 'omni:charts-rendered'). */
const drawn = new Set();

function drawChart(name) {
  const instance = chart(name);
  if (!drawn.has(name)) {
    const done = () => {
      instance.off('finished', done);
      drawn.add(name);
      performance.mark(`omni:chart:${name}`);
      if (drawn.size === Object.keys(CHARTS).length) {
        performance.mark('omni:charts-rendered');
        document.body.dataset.chartsRendered = 'true';
        markLoaded();
      }
    };
    instance.on('finished', done);
  }
  timed(`draw:${name}`, () => instance.setOption(CHARTS[name].option(), { notMerge: true }));
}

/** Tables written with data at least once; with every chart drawn, all of them end the first load. */
const written = new Set();

function tableWritten(table) {
  written.add(table);
  markLoaded();
}

/** Marks the first load over once every chart is drawn and every table written (in either order). */
function markLoaded() {
  if (document.body.dataset.pageRendered === 'true') return;
  if (written.size < TABLES.length || drawn.size < Object.keys(CHARTS).length) return;
  performance.mark('omni:page-rendered');
  document.body.dataset.pageRendered = 'true';
}

/** Runs `work`, timed as a performance measure until the first load is over (the bench reads them). */
function timed(name, work) {
  if (document.body.dataset.pageRendered === 'true') return work();
  const start = performance.now();
  work();
  performance.measure(`omni:${name}`, { start });
}

/** Charts and tables whose latest answer is not shown yet, drawn from the next frames. */
const pendingCharts = new Set();
const pendingTables = new Set();
let frame = 0;

/**
 * Shows one table's latest answer: one chart of it per animation frame, then, once no chart is
 * waiting, the table (under the charts, and laid out only when scrolled to). The answers'
 * callbacks return at once, so each answer is read as it arrives rather than after the
 * drawing of those before it; a chart is drawn once however many answers came in meanwhile.
 */
function show(table) {
  if (table === 'kpis') for (const row of rowsOf('kpis')) if (row.channel) addChannel(row.channel);
  for (const [name, chartOf] of Object.entries(CHARTS))
    if (chartOf.table === table) pendingCharts.add(name);
  pendingTables.add(table);
  frame ||= requestAnimationFrame(drawPending);
}

function drawPending() {
  frame = 0;
  const [name] = pendingCharts;
  if (name !== undefined) {
    pendingCharts.delete(name);
    drawChart(name);
  } else {
    const tables = [...pendingTables];
    for (const table of tables) timed(`table:${table}`, () => renderTable(table));
    pendingTables.clear();
    applyLabels();
    for (const table of tables) tableWritten(table);
  }
  if (pendingCharts.size > 0 || pendingTables.size > 0) frame = requestAnimationFrame(drawPending);
}

/** Shows one table's latest answer at once (in another language): its charts and section. */
function renderTableAndCharts(table) {
  for (const [name, chartOf] of Object.entries(CHARTS))
    if (chartOf.table === table) {
      pendingCharts.delete(name);
      drawChart(name);
    }
  pendingTables.delete(table);
  timed(`table:${table}`, () => renderTable(table));
  applyLabels();
  tableWritten(table);
}

// ---- language and sign-in ------------------------------------------------------------------

function applyLabels() {
  // Only what differs is written: an unchanged text written again still invalidates the
  // page's style and layout, once per table as the answers come in.
  const set = (element, key, value) => {
    if (element[key] !== value) element[key] = value;
  };
  set(document.documentElement, 'lang', lang === 'zh' ? 'zh-CN' : 'en');
  for (const element of document.querySelectorAll('[data-label]'))
    set(element, 'textContent', t(element.dataset.label));
  set($('#campaign'), 'placeholder', t('allCampaigns'));
  set(document, 'title', t('title'));
}

function showSignIn(rejected) {
  clearInterval(timer);
  $('#dashboard').hidden = true;
  $('#sign-out').hidden = true;
  $('#sign-in').hidden = false;
  $('#sign-in-error').hidden = !rejected;
}

function signOut(rejected = false) {
  sessionStorage.removeItem(TOKEN_KEY);
  showSignIn(rejected);
}

function start() {
  if (!token()) return showSignIn(false);
  $('#sign-in').hidden = true;
  $('#dashboard').hidden = false;
  $('#sign-out').hidden = false;
  void refresh();
  clearInterval(timer);
  timer = setInterval(() => void refresh(), POLL_MS);
}

$('#sign-in').addEventListener('submit', (event) => {
  event.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, $('#token').value.trim());
  $('#token').value = '';
  start();
});
$('#sign-out').addEventListener('click', () => signOut());
$('#lang').addEventListener('click', () => {
  lang = lang === 'zh' ? 'en' : 'zh';
  localStorage.setItem(LANG_KEY, lang);
  for (const table of latest.keys()) renderTableAndCharts(table);
  applyLabels();
});
window.addEventListener('resize', () => charts.forEach((instance) => instance.resize()));

initFilters();
// The sections in a fixed order, whichever table answers first.
for (const table of TABLES) section(table);
applyLabels();
start();
