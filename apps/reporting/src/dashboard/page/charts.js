// The dashboard's charts: each chart's ECharts option, built from its table's answer. One module
// for both sides: the page draws these options with ECharts in the browser, and reporting draws
// the first view's with ECharts' server-side SVG renderer (GET /v1/dashboard/charts, ADR 0030).
// It touches no DOM and no browser global.
import { LABELS } from './labels.js';

export const MODELS = ['first', 'last', 'linear', 'time-decay', 'position'];
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

/** A label in a language ('en' or 'zh'): English when it has none there, the key when neither. */
export function translate(lang, key) {
  const period = /^(returned|rate)(\d+)$/.exec(key);
  if (period) return LABELS[lang][period[1]].replace('{n}', period[2]);
  return LABELS[lang][key] ?? LABELS.en[key] ?? key;
}

/** A cell as the page writes it; `t` translates step names. */
export function format(column, value, t) {
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

/** The size a chart is drawn at: the figure's content box under dashboard.css's grid. */
export const CHART_HEIGHT = 260;
const [GRID_PADDING, GRID_GAP, COLUMN_MIN, FIGURE_PADDING] = [20, 16, 420, 12];

/** A chart's width in a viewport this wide, as dashboard.css lays the figures out. */
export function chartWidth(viewportWidth) {
  const content = viewportWidth - 2 * GRID_PADDING;
  const columns = Math.max(1, Math.floor((content + GRID_GAP) / (COLUMN_MIN + GRID_GAP)));
  return Math.max(
    1,
    Math.floor((content - GRID_GAP * (columns - 1)) / columns) - 2 * FIGURE_PADDING,
  );
}

const money = (value) => (value === null ? null : value / 100);
const base = {
  animation: false,
  tooltip: { trigger: 'axis' },
  legend: { type: 'scroll', top: 0 },
  grid: { left: 56, right: 16, top: 36, bottom: 28 },
};

/** Per-channel series of one KPI over the buckets. */
function perChannel({ rowsOf, t }, metric, type, scale = (v) => v) {
  const rows = rowsOf('kpis');
  const buckets = [...new Set(rows.map((row) => row.bucketStart))].sort();
  const channels = [...new Set(rows.map((row) => row.channel))].sort();
  const value = (bucket, channel) =>
    rows.find((row) => row.bucketStart === bucket && row.channel === channel)?.[metric] ?? null;
  return {
    ...base,
    xAxis: { type: 'category', data: buckets.map((bucket) => format('bucketStart', bucket, t)) },
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

function funnelChart({ rowsOf, t }) {
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

function attributionChart({ rowsOf, t }) {
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

function retentionChart({ rowsOf, answerOf, t }) {
  const rows = rowsOf('retention');
  const periods = answerOf('retention').columns.filter((c) => /^rate\d+$/.test(c));
  const percent = (rate) => (rate === null ? null : Math.round(rate * 1000) / 10);
  return {
    animation: false,
    tooltip: {},
    grid: { left: 90, right: 72, top: 16, bottom: 28 },
    xAxis: { type: 'category', data: periods.map((_, i) => String(i)) },
    yAxis: {
      type: 'category',
      data: rows.map((row) => format('cohortStart', row.cohortStart, t).slice(0, 10)),
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

function experimentsChart({ rowsOf, t }) {
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

function healthChart({ rowsOf, t }) {
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

function stockChart({ rowsOf, t }) {
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

/** Each chart, in the page's order: the table it draws and its option from that table's answer. */
export const CHARTS = {
  traffic: { table: 'kpis', option: (of) => perChannel(of, 'visitors', 'line') },
  sales: { table: 'kpis', option: (of) => perChannel(of, 'gmvGross', 'bar', (v) => v / 100) },
  efficiency: { table: 'kpis', option: (of) => perChannel(of, 'roas', 'line') },
  funnel: { table: 'funnel', option: funnelChart },
  attribution: { table: 'attribution', option: attributionChart },
  retention: { table: 'retention', option: retentionChart },
  experiments: { table: 'experiments', option: experimentsChart },
  'channel-decisions': { table: 'channel-decisions', option: healthChart },
  satisfaction: {
    table: 'kpis',
    option: (of) => perChannel(of, 'csat', 'line', (v) => Math.round(v * 1000) / 10),
  },
  stock: { table: 'inventory', option: stockChart },
};

/** The tables the charts draw, in the order they first appear in CHARTS. */
export const CHART_TABLES = [...new Set(Object.values(CHARTS).map((chart) => chart.table))];

/**
 * A chart's ECharts option. `answerOf(table)` is that table's answer (GET /v1/dashboard/{table}'s
 * body); `t` translates a label.
 */
export function chartOption(name, answerOf, t) {
  const rowsOf = (table) => answerOf(table).rows.map((row) => row.cells);
  return CHARTS[name].option({ rowsOf, answerOf, t });
}
