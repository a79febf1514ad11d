// Types of charts.js, the chart option builders the page and reporting share.
import type { EChartsOption } from 'echarts';

type Cell = string | number | boolean | null;
/** A table's answer as GET /v1/dashboard/{table} gives it. */
export type TableAnswer = {
  columns: string[];
  rows: { cells: Record<string, Cell>; suppressed: string[] }[];
};
export type ChartName =
  | 'traffic'
  | 'sales'
  | 'efficiency'
  | 'funnel'
  | 'attribution'
  | 'retention'
  | 'experiments'
  | 'channel-decisions'
  | 'satisfaction'
  | 'stock';
export type ChartTable =
  | 'kpis'
  | 'funnel'
  | 'attribution'
  | 'retention'
  | 'experiments'
  | 'channel-decisions'
  | 'inventory';

export const MODELS: string[];
export const CHART_HEIGHT: number;
export const CHARTS: Record<ChartName, { table: ChartTable }>;
export const CHART_TABLES: ChartTable[];
export function translate(lang: 'en' | 'zh', key: string): string;
export function format(column: string, value: Cell | undefined, t: (key: string) => string): string;
export function chartWidth(viewportWidth: number): number;
export function chartOption(
  name: ChartName,
  answerOf: (table: ChartTable) => TableAnswer,
  t: (key: string) => string,
): EChartsOption;
