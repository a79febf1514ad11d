// The reporting dashboard: reads the admin-protected tables of /v1/dashboard every two seconds
// and draws them with Apache ECharts. The first view comes drawn by reporting (its charts as SVG,
// GET /v1/dashboard/charts, from the option builders of charts.js): ECharts is loaded only once it
// is shown, and then draws each chart again, interactive (ADR 0030).
import {
  CHART_TABLES,
  CHARTS,
  chartOption,
  format as formatCell,
  translate,
} from '/dashboard/charts.js';
import {
  ask,
  askCharts,
  chartsQueryOf,
  filtersOf,
  langOf,
  LANG_KEY,
  queriesOf,
  TABLES,
  takeFirst,
  TOKEN_KEY,
} from '/dashboard/data.js';

const POLL_MS = 2_000;

const $ = (selector) => document.querySelector(selector);
let lang = langOf(location.search);
const t = (key) => translate(lang, key);
const format = (column, value) => formatCell(column, value, t);
const token = () => sessionStorage.getItem(TOKEN_KEY);
const authorization = () => ({ authorization: `Bearer ${token()}` });

/** The latest answer of each table, with the query it answers and its text as received. */
const latest = new Map();
const charts = new Map();
const knownChannels = new Set();
let timer;
let inFlight = false;
let again = false;
/** Whether the next refresh is the first view: its charts come drawn by reporting. */
let firstView = true;

class Unauthorized extends Error {}

let echartsLoading;

/**
 * ECharts, loaded on first need: after the first view is shown, or when a chart must be drawn in
 * the browser before (a first view refused, a filter changed). index.html names its file.
 */
function echartsReady() {
  echartsLoading ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = document.documentElement.dataset.echarts;
    script.addEventListener('load', () => resolve());
    script.addEventListener('error', () => reject(new Error('ECharts could not be loaded')));
    document.head.append(script);
  }).then(() => performance.mark('omni:echarts-ready'));
  return echartsLoading;
}

// ---- filters -------------------------------------------------------------------------------

function initFilters() {
  const filters = filtersOf(location.search, new Date());
  $('#to').value = filters.to;
  $('#from').value = filters.from;
  $('#interval').value = filters.interval;
  $('#campaign').value = filters.campaign;
  if (filters.channel) addChannel(filters.channel);
  $('#channel').value = filters.channel;
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

/** Asks one table and shows its answer, unless it is the one shown. */
async function answerTable(table, query) {
  const { text, body } = await fetchTable(table, query);
  // A poll answered as before changes nothing shown: its charts are not drawn again.
  const shown = latest.get(table);
  if (shown?.query === query && shown.text === text) return;
  if (CHART_TABLES.includes(table)) await echartsReady();
  latest.set(table, { query, text, body });
  show(table);
}

/**
 * The first view: the charts drawn by reporting, shown as they are, and the tables they draw.
 * When reporting cannot draw them (a table it cannot read), each table is asked on its own and
 * drawn with ECharts, so the problem is named after its table and the others are shown.
 */
async function showFirstView(asked) {
  const query = chartsQueryOf(asked, lang, innerWidth);
  const response = await (takeFirst('charts', query, token()) ?? askCharts(query, token()));
  if (response.status === 401) throw new Unauthorized();
  if (!response.ok) {
    await Promise.all(CHART_TABLES.map((table) => answerTable(table, asked[table])));
    return;
  }
  const { charts: drawings, tables } = await response.json();
  for (const table of CHART_TABLES) {
    const body = tables[table];
    latest.set(table, { query: asked[table], text: JSON.stringify(body), body });
    if (table === 'kpis')
      for (const row of rowsOf('kpis')) if (row.channel) addChannel(row.channel);
    pendingTables.add(table);
  }
  for (const name of Object.keys(CHARTS)) pendingDrawings.set(name, drawings[name]);
  frame ||= requestAnimationFrame(drawPending);
}

async function refresh() {
  if (inFlight) {
    again = true;
    return;
  }
  inFlight = true;
  const asked = queries();
  const first = firstView;
  firstView = false;
  try {
    // Each table is shown as soon as it answers (its charts drawn from the next frame on); the
    // slowest query does not hold the others.
    await Promise.all([
      ...TABLES.filter((table) => !(first && CHART_TABLES.includes(table))).map((table) =>
        answerTable(table, asked[table]),
      ),
      ...(first ? [showFirstView(asked)] : []),
    ]);
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

const answerOf = (table) => latest.get(table).body;
const rowsOf = (table) => answerOf(table).rows.map((row) => row.cells);
const chartElement = (name) => document.querySelector(`[data-chart="${name}"]`);

/** Charts drawn with data at least once, by reporting or by ECharts (all of them: 'omni:charts-rendered'). */
const drawn = new Set();

function chartDrawn(name) {
  if (drawn.has(name)) return;
  drawn.add(name);
  performance.mark(`omni:chart:${name}`);
  if (drawn.size === Object.keys(CHARTS).length) {
    performance.mark('omni:charts-rendered');
    document.body.dataset.chartsRendered = 'true';
    markLoaded();
  }
}

/** Shows a chart as reporting drew it: an SVG document, parsed inert (no script of it runs). */
function showDrawing(name, svg) {
  if (charts.has(name)) return;
  timed(`svg:${name}`, () => {
    const drawing = new DOMParser().parseFromString(svg, 'image/svg+xml').documentElement;
    chartElement(name).replaceChildren(drawing);
  });
  chartElement(name).dataset.drawn = 'svg';
  chartDrawn(name);
}

/** Draws a chart with ECharts from its table's latest answer, in place of reporting's drawing. */
function drawChart(name) {
  let instance = charts.get(name);
  if (instance === undefined) {
    const element = chartElement(name);
    element.replaceChildren();
    instance = echarts.init(element);
    charts.set(name, instance);
    element.dataset.drawn = 'echarts';
    if (!drawn.has(name)) {
      const done = () => {
        instance.off('finished', done);
        chartDrawn(name);
      };
      instance.on('finished', done);
    }
    if (charts.size === Object.keys(CHARTS).length) {
      performance.mark('omni:charts-interactive');
      document.body.dataset.chartsInteractive = 'true';
    }
  }
  timed(`draw:${name}`, () =>
    instance.setOption(chartOption(name, answerOf, t), { notMerge: true }),
  );
}

/** Tables written with data at least once; with every chart drawn, all of them end the first load. */
const written = new Set();

function tableWritten(table) {
  written.add(table);
  markLoaded();
}

/**
 * Marks the first load over once every chart is drawn and every table written (in either order),
 * then has ECharts draw the charts reporting drew.
 */
function markLoaded() {
  if (document.body.dataset.pageRendered === 'true') return;
  if (written.size < TABLES.length || drawn.size < Object.keys(CHARTS).length) return;
  performance.mark('omni:page-rendered');
  document.body.dataset.pageRendered = 'true';
  void interactive();
}

/** ECharts in place of each drawing of reporting's, a chart a frame. */
async function interactive() {
  await echartsReady();
  for (const name of Object.keys(CHARTS)) if (!charts.has(name)) pendingCharts.add(name);
  frame ||= requestAnimationFrame(drawPending);
}

/** Runs `work`, timed as a performance measure until the first load is over (the bench reads them). */
function timed(name, work) {
  if (document.body.dataset.pageRendered === 'true') return work();
  const start = performance.now();
  work();
  performance.measure(`omni:${name}`, { start });
}

/** Reporting's drawings, charts and tables not shown yet, drawn from the next frames. */
const pendingDrawings = new Map();
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
    if (chartOf.table === table) {
      pendingDrawings.delete(name);
      pendingCharts.add(name);
    }
  pendingTables.add(table);
  frame ||= requestAnimationFrame(drawPending);
}

function drawPending() {
  frame = 0;
  // Reporting's drawings are cheap to show: all of them in one frame, with the tables after them
  // when no chart waits for ECharts (one layout and paint for the whole first view).
  for (const [drawing, svg] of pendingDrawings) showDrawing(drawing, svg);
  pendingDrawings.clear();
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
  if (pendingDrawings.size > 0 || pendingCharts.size > 0 || pendingTables.size > 0)
    frame = requestAnimationFrame(drawPending);
}

/** Shows one table's latest answer at once (in another language): its charts and section. */
function renderTableAndCharts(table) {
  for (const [name, chartOf] of Object.entries(CHARTS))
    if (chartOf.table === table) {
      pendingDrawings.delete(name);
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
  firstView = true;
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
$('#lang').addEventListener('click', async () => {
  lang = lang === 'zh' ? 'en' : 'zh';
  localStorage.setItem(LANG_KEY, lang);
  applyLabels();
  await echartsReady();
  for (const table of latest.keys()) renderTableAndCharts(table);
  applyLabels();
});
window.addEventListener('resize', () => charts.forEach((instance) => instance.resize()));

initFilters();
// The sections in a fixed order, whichever table answers first.
for (const table of TABLES) section(table);
applyLabels();
start();
