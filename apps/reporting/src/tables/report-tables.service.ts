import { Inject, Injectable } from '@nestjs/common';
import { ApiError, SERVICE_CONFIG } from '@omni/platform';
import { AlertsService } from '../alerts/alerts.service';
import { AttributionService } from '../attribution/attribution.service';
import { ChannelDecisionsService } from '../channel-decisions/channel-decisions.service';
import type { ReportingConfig } from '../config/reporting-config';
import { ExperimentsService } from '../experiments/experiments.service';
import { DEFAULT_FUNNEL } from '../funnels/default-funnel';
import { FunnelsService } from '../funnels/funnels.service';
import type { InventoryQuery } from '../inventory/dto/inventory.dto';
import { InventoryService } from '../inventory/inventory.service';
import type { GroupBy, KpiQuery } from '../kpis/dto/kpis.dto';
import { KPI_METRICS, type KpiMetric } from '../kpis/kpi-metrics';
import { KpisService } from '../kpis/kpis.service';
import { RetentionService } from '../retention/retention.service';
import { ALERT_COLUMNS, alertRows } from './alerts.table';
import { attributionColumns, attributionRows } from './attribution.table';
import { DECISION_COLUMNS, decisionRows } from './channel-decisions.table';
import type {
  AlertsTableQuery,
  AttributionTableQuery,
  DecisionsTableQuery,
  FunnelTableQuery,
  RetentionTableQuery,
} from './dto/table-queries.dto';
import { BucketBoundaryRepository } from './bucket-boundary.repository';
import { ExperimentIdsRepository } from './experiment-ids.repository';
import { EXPERIMENT_COLUMNS, experimentRows } from './experiments.table';
import { FUNNEL_COLUMNS, funnelRows } from './funnel.table';
import { INVENTORY_COLUMNS, inventoryTableRows } from './inventory.table';
import { kpiColumns, kpiMetricsToQuery, kpiRows } from './kpis.table';
import type { ReportTable, ReportTableName, StreamedTable, TableRow } from './report-table';
import { retentionColumns, retentionRows } from './retention.table';

const INTERVAL_HOURS = { hour: 1, day: 24 } as const;
/** Buckets read per slice of a streamed KPI export. */
const SLICE_BUCKETS = 500;

/**
 * The dashboard's tables, each read from reporting's own query (computed exactly as its API
 * answers), with cells about too few customers hidden. The dashboard shows them as JSON; the
 * exports write them as CSV.
 */
@Injectable()
export class ReportTablesService {
  constructor(
    private readonly kpis: KpisService,
    private readonly funnels: FunnelsService,
    private readonly attribution: AttributionService,
    private readonly retention: RetentionService,
    private readonly experiments: ExperimentsService,
    private readonly alerts: AlertsService,
    private readonly decisions: ChannelDecisionsService,
    private readonly inventory: InventoryService,
    private readonly experimentIds: ExperimentIdsRepository,
    private readonly boundaries: BucketBoundaryRepository,
    @Inject(SERVICE_CONFIG) private readonly config: ReportingConfig,
  ) {}

  private get k(): number {
    return this.config.dashboard.minCellCustomers;
  }

  private table(table: ReportTableName, columns: string[], rows: TableRow[]): ReportTable {
    return { table, columns, rows, minCellCustomers: this.k };
  }

  async kpiTable(query: KpiQuery): Promise<ReportTable> {
    const metrics = query.metrics?.length ? query.metrics : [...KPI_METRICS];
    const groupBy = [...new Set(query.groupBy ?? [])];
    const answer = await this.kpis.query({ ...query, metrics: kpiMetricsToQuery(metrics) });
    return this.table(
      'kpis',
      kpiColumns(groupBy, metrics),
      kpiRows(answer, groupBy, metrics, this.k),
    );
  }

  /**
   * The KPI table of a long range, read and written a slice of buckets at a time: each slice
   * ends where a bucket starts in the query's zone, so its rows are the whole query's rows.
   * The range is refused up front, before anything is written, as GET /v1/kpis refuses it.
   */
  async kpiTableInSlices(query: KpiQuery): Promise<StreamedTable> {
    const from = new Date(query.from);
    const to = new Date(query.to);
    const hours = INTERVAL_HOURS[query.interval];
    const buckets = Math.ceil((to.getTime() - from.getTime()) / (hours * 3_600_000));
    const { maxBuckets } = this.config.kpis;
    if (buckets > maxBuckets) {
      throw new ApiError(
        400,
        'range_too_large',
        `from..to spans ${buckets} ${query.interval} buckets; at most ${maxBuckets} (REPORTING_KPI_MAX_BUCKETS)`,
      );
    }
    const metrics = query.metrics?.length ? query.metrics : [...KPI_METRICS];
    const groupBy = [...new Set(query.groupBy ?? [])];
    return {
      table: 'kpis',
      columns: kpiColumns(groupBy, metrics),
      rows: this.kpiSlices(query, metrics, groupBy),
      minCellCustomers: this.k,
    };
  }

  private async *kpiSlices(
    query: KpiQuery,
    metrics: KpiMetric[],
    groupBy: GroupBy[],
  ): AsyncGenerator<TableRow> {
    const to = new Date(query.to);
    let start = new Date(query.from);
    while (start < to) {
      const next = await this.boundaries.startAfter(
        query.interval,
        query.tz,
        start,
        SLICE_BUCKETS * INTERVAL_HOURS[query.interval],
      );
      const end = next < to ? next : to;
      const answer = await this.kpis.query({
        ...query,
        from: start.toISOString(),
        to: end.toISOString(),
        metrics: kpiMetricsToQuery(metrics),
      });
      yield* kpiRows(answer, groupBy, metrics, this.k);
      start = end;
    }
  }

  async funnelTable(query: FunnelTableQuery): Promise<ReportTable> {
    const { channel, campaign, ...rest } = query;
    const answer = await this.funnels.query({
      ...rest,
      ...(channel === undefined
        ? {}
        : {
            steps: DEFAULT_FUNNEL.map((step) => ({
              ...step,
              types: [...step.types],
              channels: [channel],
            })),
          }),
      ...(campaign === undefined ? {} : { breakdown: 'campaign' as const }),
    });
    return this.table('funnel', FUNNEL_COLUMNS, funnelRows(answer, campaign, this.k));
  }

  async attributionTable(query: AttributionTableQuery): Promise<ReportTable> {
    const { channel, campaign, ...rest } = query;
    const answer = await this.attribution.query({
      ...rest,
      ...(channel === undefined ? {} : { channels: [channel] }),
    });
    return this.table(
      'attribution',
      attributionColumns(answer.models),
      attributionRows(answer, campaign, this.k),
    );
  }

  async retentionTable(query: RetentionTableQuery): Promise<ReportTable> {
    const answer = await this.retention.query({ ...query, returnOn: ['order.placed'] });
    return this.table(
      'retention',
      retentionColumns(query.periods),
      retentionRows(answer, query.periods, this.k),
    );
  }

  async experimentsTable(limit: number): Promise<ReportTable> {
    const ids = await this.experimentIds.latest(limit);
    const rows: TableRow[] = [];
    for (const id of ids) {
      const readout = await this.experiments.readout(id, {}).catch((error: unknown) => {
        // Every customer of it saw more than one variant: nothing to read out.
        if (error instanceof ApiError && error.code === 'experiment_not_found') return undefined;
        throw error;
      });
      if (readout !== undefined) rows.push(...experimentRows(readout, this.k));
    }
    return this.table('experiments', EXPERIMENT_COLUMNS, rows);
  }

  async alertsTable(query: AlertsTableQuery): Promise<ReportTable> {
    const alerts = (await this.alerts.list(query.status, query.limit)).filter(
      (alert) =>
        (query.channel === undefined || alert.channel === query.channel) &&
        (query.campaign === undefined || alert.campaignId === query.campaign),
    );
    return this.table('alerts', [...ALERT_COLUMNS], alertRows(alerts));
  }

  async decisionsTable(query: DecisionsTableQuery): Promise<ReportTable> {
    const decisions = (await this.decisions.list(query.limit)).filter(
      (decision) => query.channel === undefined || decision.channel === query.channel,
    );
    return this.table('channel-decisions', DECISION_COLUMNS, decisionRows(decisions, this.k));
  }

  async inventoryTable(query: InventoryQuery): Promise<ReportTable> {
    const answer = await this.inventory.query(query);
    return this.table('inventory', [...INVENTORY_COLUMNS], inventoryTableRows(answer));
  }
}
