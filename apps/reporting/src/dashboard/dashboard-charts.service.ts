import { createHash } from 'node:crypto';
import { parse as parseQuery, type ParsedUrlQuery } from 'node:querystring';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ApiError, type createZodDto } from '@omni/platform';
import type { z } from 'zod';
import { InventoryQueryDto } from '../inventory/dto/inventory.dto';
import { KpiQueryDto } from '../kpis/dto/kpis.dto';
import {
  AttributionTableQueryDto,
  DecisionsTableQueryDto,
  ExperimentsTableQueryDto,
  FunnelTableQueryDto,
  RetentionTableQueryDto,
} from '../tables/dto/table-queries.dto';
import type { ReportTable } from '../tables/report-table';
import { ReportTablesService } from '../tables/report-tables.service';
import { chartSvg } from './chart-svg';
import type { DashboardChartsQuery } from './dto/dashboard-charts.dto';
import {
  CHART_HEIGHT,
  CHART_TABLES,
  CHARTS,
  chartOption,
  translate,
  type ChartName,
  type ChartTable,
  type TableAnswer,
} from './page/charts.js';

export type DashboardCharts = {
  charts: Record<ChartName, string>;
  tables: Record<ChartTable, ReportTable>;
};
/** A first view with what drawing it cost: ms spent drawing, and how many charts were drawn now. */
export type DrawnCharts = DashboardCharts & { drawnMs: number; drawn: number };

/** Charts drawn kept, by what each was drawn from (a few KB to 40 KB each). */
const CACHED_CHARTS = 100;
const CHART_NAMES = Object.keys(CHARTS) as ChartName[];
/** The width of a chart in a 1440 px wide window (the warm-up's: any would do). */
const CHART_WIDTH = 432;

type Dto<T> = ReturnType<typeof createZodDto> & { schema: z.ZodType<T> };

/** A table's query string judged by its own endpoint's schema, its problems named after it. */
function judged<T>(table: ChartTable, dto: Dto<T>, query: ParsedUrlQuery): T {
  const parsed = dto.schema.safeParse(query);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (issue) => `${[table, ...issue.path.map(String)].join('.')}: ${issue.message}`,
  );
  throw new ApiError(400, 'invalid_request', problems.join('; '));
}

const READERS: Record<
  ChartTable,
  (tables: ReportTablesService, query: ParsedUrlQuery) => Promise<ReportTable>
> = {
  kpis: (tables, query) => tables.kpiTable(judged('kpis', KpiQueryDto, query)),
  funnel: (tables, query) => tables.funnelTable(judged('funnel', FunnelTableQueryDto, query)),
  attribution: (tables, query) =>
    tables.attributionTable(judged('attribution', AttributionTableQueryDto, query)),
  retention: (tables, query) =>
    tables.retentionTable(judged('retention', RetentionTableQueryDto, query)),
  experiments: (tables, query) =>
    tables.experimentsTable(judged('experiments', ExperimentsTableQueryDto, query).limit),
  'channel-decisions': (tables, query) =>
    tables.decisionsTable(judged('channel-decisions', DecisionsTableQueryDto, query)),
  inventory: (tables, query) =>
    tables.inventoryTable(judged('inventory', InventoryQueryDto, query)),
};

/**
 * The dashboard's first view drawn on the server (ADR 0030): the tables its charts draw, read as
 * their own endpoints read them, and each chart as SVG from the option builders the page uses
 * (page/charts.js). The page shows these at once and draws with ECharts only afterwards. A table's
 * charts are drawn as soon as it is answered, while the other queries run; a chart drawn before
 * from the same answer, in the same language and size, is taken from a small cache, as its SVG
 * depends on nothing else.
 */
@Injectable()
export class DashboardChartsService implements OnApplicationBootstrap {
  private readonly cache = new Map<string, string>();

  constructor(private readonly tables: ReportTablesService) {}

  /** Each chart drawn once from an empty table at start-up: the first page served is not the one to compile ECharts' code. */
  onApplicationBootstrap(): void {
    const empty: TableAnswer = { columns: [], rows: [] };
    for (const name of CHART_NAMES)
      chartSvg(
        chartOption(
          name,
          () => empty,
          (label) => label,
        ),
        CHART_WIDTH,
        CHART_HEIGHT,
      );
  }

  async firstView(query: DashboardChartsQuery): Promise<DrawnCharts> {
    const view: DrawnCharts = {
      charts: {} as Record<ChartName, string>,
      tables: {} as Record<ChartTable, ReportTable>,
      drawnMs: 0,
      drawn: 0,
    };
    await Promise.all(
      CHART_TABLES.map(async (table) => {
        const answer = await READERS[table](this.tables, parseQuery(query[table]));
        view.tables[table] = answer;
        const text = JSON.stringify(answer);
        for (const name of CHART_NAMES)
          if (CHARTS[name].table === table)
            view.charts[name] = this.chart(name, answer, text, query, view);
      }),
    );
    return view;
  }

  private chart(
    name: ChartName,
    answer: ReportTable,
    text: string,
    { lang, width, height }: DashboardChartsQuery,
    view: DrawnCharts,
  ): string {
    const key = createHash('sha256')
      .update(JSON.stringify([name, lang, width, height]))
      .update(text)
      .digest('base64url');
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      // The most recently used last: the first key is the one to drop.
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    const started = performance.now();
    const t = (label: string) => translate(lang, label);
    const svg = chartSvg(
      chartOption(name, () => answer, t),
      width,
      height,
    );
    view.drawnMs += performance.now() - started;
    view.drawn += 1;
    this.cache.set(key, svg);
    if (this.cache.size > CACHED_CHARTS)
      this.cache.delete(this.cache.keys().next().value as string);
    return svg;
  }
}
