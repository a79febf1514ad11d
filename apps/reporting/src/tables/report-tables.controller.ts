import { Query } from '@nestjs/common';
import { AdminController, Endpoint } from '@omni/platform';
import { InventoryQueryDto } from '../inventory/dto/inventory.dto';
import { KpiQueryDto } from '../kpis/dto/kpis.dto';
import {
  AlertsTableQueryDto,
  AttributionTableQueryDto,
  DecisionsTableQueryDto,
  ExperimentsTableQueryDto,
  FunnelTableQueryDto,
  ReportTableDto,
  RetentionTableQueryDto,
} from './dto/table-queries.dto';
import type { ReportTable } from './report-table';
import { ReportTablesService } from './report-tables.service';

const HIDDEN =
  'Cells about fewer than REPORTING_MIN_CELL_CUSTOMERS customers are null and listed in suppressed.';

/** The dashboard's tables as JSON; /v1/exports/<table>.csv writes the same rows. */
@AdminController('v1/dashboard', 'dashboard', {
  400: 'invalid_request (a malformed parameter) or range_too_large',
})
export class ReportTablesController {
  constructor(private readonly tables: ReportTablesService) {}

  @Endpoint('GET kpis', {
    summary: `KPI rows, as GET /v1/kpis answers them. ${HIDDEN}`,
    answer: ReportTableDto,
  })
  kpis(@Query() query: KpiQueryDto): Promise<ReportTable> {
    return this.tables.kpiTable(query);
  }

  @Endpoint('GET funnel', {
    summary: `The default funnel, step by step. ${HIDDEN}`,
    answer: ReportTableDto,
  })
  funnel(@Query() query: FunnelTableQueryDto): Promise<ReportTable> {
    return this.tables.funnelTable(query);
  }

  @Endpoint('GET attribution', {
    summary: `Attribution models side by side. ${HIDDEN}`,
    answer: ReportTableDto,
  })
  attribution(@Query() query: AttributionTableQueryDto): Promise<ReportTable> {
    return this.tables.attributionTable(query);
  }

  @Endpoint('GET retention', { summary: `Repurchase cohorts. ${HIDDEN}`, answer: ReportTableDto })
  retention(@Query() query: RetentionTableQueryDto): Promise<ReportTable> {
    return this.tables.retentionTable(query);
  }

  @Endpoint('GET experiments', {
    summary: `A/B read-outs of the latest experiments. ${HIDDEN}`,
    answer: ReportTableDto,
  })
  experiments(@Query() query: ExperimentsTableQueryDto): Promise<ReportTable> {
    return this.tables.experimentsTable(query.limit);
  }

  @Endpoint('GET alerts', { summary: 'Raised alerts, newest first.', answer: ReportTableDto })
  alerts(@Query() query: AlertsTableQueryDto): Promise<ReportTable> {
    return this.tables.alertsTable(query);
  }

  @Endpoint('GET channel-decisions', {
    summary: `Channel decisions and health, latest period first. ${HIDDEN}`,
    answer: ReportTableDto,
  })
  decisions(@Query() query: DecisionsTableQueryDto): Promise<ReportTable> {
    return this.tables.decisionsTable(query);
  }

  @Endpoint('GET inventory', {
    summary: 'Inventory per SKU (as GET /v1/inventory), slowest movers first; nothing is hidden.',
    answer: ReportTableDto,
  })
  inventory(@Query() query: InventoryQueryDto): Promise<ReportTable> {
    return this.tables.inventoryTable(query);
  }
}
