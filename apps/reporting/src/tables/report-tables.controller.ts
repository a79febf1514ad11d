import { Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { AdminController } from '@omni/platform';
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

  @Get('kpis')
  @ApiOperation({ summary: `KPI rows, as GET /v1/kpis answers them. ${HIDDEN}` })
  @ApiOkResponse({ type: ReportTableDto })
  kpis(@Query() query: KpiQueryDto): Promise<ReportTable> {
    return this.tables.kpiTable(query);
  }

  @Get('funnel')
  @ApiOperation({ summary: `The default funnel, step by step. ${HIDDEN}` })
  @ApiOkResponse({ type: ReportTableDto })
  funnel(@Query() query: FunnelTableQueryDto): Promise<ReportTable> {
    return this.tables.funnelTable(query);
  }

  @Get('attribution')
  @ApiOperation({ summary: `Attribution models side by side. ${HIDDEN}` })
  @ApiOkResponse({ type: ReportTableDto })
  attribution(@Query() query: AttributionTableQueryDto): Promise<ReportTable> {
    return this.tables.attributionTable(query);
  }

  @Get('retention')
  @ApiOperation({ summary: `Repurchase cohorts. ${HIDDEN}` })
  @ApiOkResponse({ type: ReportTableDto })
  retention(@Query() query: RetentionTableQueryDto): Promise<ReportTable> {
    return this.tables.retentionTable(query);
  }

  @Get('experiments')
  @ApiOperation({ summary: `A/B read-outs of the latest experiments. ${HIDDEN}` })
  @ApiOkResponse({ type: ReportTableDto })
  experiments(@Query() query: ExperimentsTableQueryDto): Promise<ReportTable> {
    return this.tables.experimentsTable(query.limit);
  }

  @Get('alerts')
  @ApiOperation({ summary: 'Raised alerts, newest first.' })
  @ApiOkResponse({ type: ReportTableDto })
  alerts(@Query() query: AlertsTableQueryDto): Promise<ReportTable> {
    return this.tables.alertsTable(query);
  }

  @Get('channel-decisions')
  @ApiOperation({ summary: `Channel decisions and health, latest period first. ${HIDDEN}` })
  @ApiOkResponse({ type: ReportTableDto })
  decisions(@Query() query: DecisionsTableQueryDto): Promise<ReportTable> {
    return this.tables.decisionsTable(query);
  }

  @Get('inventory')
  @ApiOperation({
    summary:
      'Inventory per SKU, as GET /v1/inventory answers it, slowest movers first (figures about products: nothing hidden).',
  })
  @ApiOkResponse({ type: ReportTableDto })
  inventory(@Query() query: InventoryQueryDto): Promise<ReportTable> {
    return this.tables.inventoryTable(query);
  }
}
