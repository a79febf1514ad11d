import { Query, Res } from '@nestjs/common';
import { AdminController, Endpoint } from '@omni/platform';
import type { FastifyReply } from 'fastify';
import { InventoryQueryDto } from '../inventory/dto/inventory.dto';
import { KpiQueryDto } from '../kpis/dto/kpis.dto';
import { CSV_ANSWER, sendCsv } from './csv-reply';
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

/** Every table of the dashboard, downloadable as CSV. */
@AdminController('v1/exports', 'exports', {
  400: 'invalid_request (a malformed parameter) or range_too_large',
})
export class ExportsController {
  constructor(private readonly tables: ReportTablesService) {}

  @Endpoint('GET kpis.csv', {
    summary: csv(
      'KPI rows, with the parameters and range limit of GET /v1/kpis, read 500 buckets at a time,',
    ),
    ...CSV_ANSWER,
  })
  async kpis(@Query() query: KpiQueryDto, @Res() reply: FastifyReply): Promise<FastifyReply> {
    return sendCsv(reply, await this.tables.kpiTableInSlices(query));
  }

  @Endpoint('GET funnel.csv', { summary: csv('The default funnel'), ...CSV_ANSWER })
  async funnel(
    @Query() query: FunnelTableQueryDto,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return sendCsv(reply, await this.tables.funnelTable(query));
  }

  @Endpoint('GET attribution.csv', {
    summary: csv('Attribution models side by side'),
    ...CSV_ANSWER,
  })
  async attribution(
    @Query() query: AttributionTableQueryDto,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return sendCsv(reply, await this.tables.attributionTable(query));
  }

  @Endpoint('GET retention.csv', { summary: csv('Repurchase cohorts'), ...CSV_ANSWER })
  async retention(
    @Query() query: RetentionTableQueryDto,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return sendCsv(reply, await this.tables.retentionTable(query));
  }

  @Endpoint('GET experiments.csv', { summary: csv('A/B read-outs'), ...CSV_ANSWER })
  async experiments(
    @Query() query: ExperimentsTableQueryDto,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return sendCsv(reply, await this.tables.experimentsTable(query.limit));
  }

  @Endpoint('GET alerts.csv', { summary: csv('Raised alerts'), ...CSV_ANSWER })
  async alerts(
    @Query() query: AlertsTableQueryDto,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return sendCsv(reply, await this.tables.alertsTable(query));
  }

  @Endpoint('GET channel-decisions.csv', {
    summary: csv('Channel decisions and health'),
    ...CSV_ANSWER,
  })
  async decisions(
    @Query() query: DecisionsTableQueryDto,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return sendCsv(reply, await this.tables.decisionsTable(query));
  }

  @Endpoint('GET inventory.csv', {
    summary: csv('Inventory per SKU, slowest movers first,'),
    ...CSV_ANSWER,
  })
  async inventory(
    @Query() query: InventoryQueryDto,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    return sendCsv(reply, await this.tables.inventoryTable(query));
  }
}
