import { Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces } from '@nestjs/swagger';
import { AdminController } from '@omni/platform';
import type { FastifyReply } from 'fastify';
import { InventoryQueryDto } from '../inventory/dto/inventory.dto';
import { KpiQueryDto } from '../kpis/dto/kpis.dto';
import { sendCsv } from './csv-reply';
import {
  AlertsTableQueryDto,
  AttributionTableQueryDto,
  DecisionsTableQueryDto,
  ExperimentsTableQueryDto,
  FunnelTableQueryDto,
  RetentionTableQueryDto,
} from './dto/table-queries.dto';
import { ReportTablesService } from './report-tables.service';

const csv = (what: string) =>
  `${what} as CSV (RFC 4180, UTF-8, streamed): the columns of GET /v1/dashboard/<table>, hidden cells empty, and a last column "suppressed" naming them (;-separated).`;
const CSV_BODY = { description: 'text/csv', schema: { type: 'string' } } as const;

/** Every table of the dashboard, downloadable as CSV. */
@AdminController('v1/exports', 'exports', {
  400: 'invalid_request (a malformed parameter) or range_too_large',
})
export class ExportsController {
  constructor(private readonly tables: ReportTablesService) {}

  @Get('kpis.csv')
  @ApiProduces('text/csv')
  @ApiOperation({
    summary: csv(
      'KPI rows, with the parameters and range limit of GET /v1/kpis, read 500 buckets at a time,',
    ),
  })
  @ApiOkResponse(CSV_BODY)
  async kpis(@Query() query: KpiQueryDto, @Res() reply: FastifyReply): Promise<FastifyReply> {
    return sendCsv(reply, await this.tables.kpiTableInSlices(query));
  }

  @Get('funnel.csv')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: csv('The default funnel') })
  @ApiOkResponse(CSV_BODY)
  async funnel(
    @Query() query: FunnelTableQueryDto,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return sendCsv(reply, await this.tables.funnelTable(query));
  }

  @Get('attribution.csv')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: csv('Attribution models side by side') })
  @ApiOkResponse(CSV_BODY)
  async attribution(
    @Query() query: AttributionTableQueryDto,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return sendCsv(reply, await this.tables.attributionTable(query));
  }

  @Get('retention.csv')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: csv('Repurchase cohorts') })
  @ApiOkResponse(CSV_BODY)
  async retention(
    @Query() query: RetentionTableQueryDto,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return sendCsv(reply, await this.tables.retentionTable(query));
  }

  @Get('experiments.csv')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: csv('A/B read-outs') })
  @ApiOkResponse(CSV_BODY)
  async experiments(
    @Query() query: ExperimentsTableQueryDto,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return sendCsv(reply, await this.tables.experimentsTable(query.limit));
  }

  @Get('alerts.csv')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: csv('Raised alerts') })
  @ApiOkResponse(CSV_BODY)
  async alerts(
    @Query() query: AlertsTableQueryDto,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return sendCsv(reply, await this.tables.alertsTable(query));
  }

  @Get('channel-decisions.csv')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: csv('Channel decisions and health') })
  @ApiOkResponse(CSV_BODY)
  async decisions(
    @Query() query: DecisionsTableQueryDto,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return sendCsv(reply, await this.tables.decisionsTable(query));
  }

  @Get('inventory.csv')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: csv('Inventory per SKU, slowest movers first,') })
  @ApiOkResponse(CSV_BODY)
  async inventory(
    @Query() query: InventoryQueryDto,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return sendCsv(reply, await this.tables.inventoryTable(query));
  }
}
