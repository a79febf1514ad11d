import type { CsvCell } from './csv';

export const REPORT_TABLES = [
  'kpis',
  'funnel',
  'attribution',
  'retention',
  'experiments',
  'promotions',
  'alerts',
  'channel-decisions',
  'inventory',
] as const;
export type ReportTableName = (typeof REPORT_TABLES)[number];

/** One row of a dashboard table: its cells, and which of them were hidden (k-anonymity). */
export type TableRow = { cells: Record<string, CsvCell>; suppressed: string[] };

/** A table as the dashboard shows it and the CSV export writes it. */
export type ReportTable = {
  table: ReportTableName;
  columns: string[];
  rows: TableRow[];
  /** Cells about 1 to minCellCustomers − 1 customers are null and listed in `suppressed`. */
  minCellCustomers: number;
};

/** A table whose rows are read as they are written (a long KPI export). */
export type StreamedTable = Omit<ReportTable, 'rows'> & { rows: AsyncIterable<TableRow> };
