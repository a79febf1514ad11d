import { Readable } from 'node:stream';
import { Get, Logger, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces } from '@nestjs/swagger';
import { AdminController } from '@omni/platform';
import type { FastifyReply } from 'fastify';
import { InventoryQueryDto } from '../inventory/dto/inventory.dto';
import { KpiQueryDto } from '../kpis/dto/kpis.dto';
import { PromotionsQueryDto } from '../promotions-feed/dto/promotions.dto';
import { PromotionsService } from '../promotions-feed/promotions.service';
import { inAnswerOrder, tableReader, type TableReader } from './dashboard-lines';
import { DashboardQueryDto, type DashboardQuery } from './dto/dashboard-query.dto';
import {
  AlertsTableQueryDto,
  AttributionTableQueryDto,
  DecisionsTableQueryDto,
  ExperimentsTableQueryDto,
  FunnelTableQueryDto,
  RetentionTableQueryDto,
} from './dto/table-queries.dto';
import { REPORT_TABLES, type ReportTableName } from './report-table';
import { ReportTablesService } from './report-tables.service';

/**
 * The dashboard's first load and polls in one request: every table it names, read at once and
 * written as it is answered (ADR 0022), instead of one request per table.
 */
@AdminController('v1/dashboard', 'dashboard', {
  400: 'invalid_request (no table named, an unknown one, or a malformed query of one)',
})
export class DashboardController {
  private readonly logger = new Logger(DashboardController.name);
  private readonly readers: Record<ReportTableName, TableReader>;

  constructor(tables: ReportTablesService, promotions: PromotionsService) {
    this.readers = {
      kpis: tableReader('kpis', KpiQueryDto.schema, (q) => tables.kpiTable(q)),
      funnel: tableReader('funnel', FunnelTableQueryDto.schema, (q) => tables.funnelTable(q)),
      attribution: tableReader('attribution', AttributionTableQueryDto.schema, (q) =>
        tables.attributionTable(q),
      ),
      retention: tableReader('retention', RetentionTableQueryDto.schema, (q) =>
        tables.retentionTable(q),
      ),
      experiments: tableReader('experiments', ExperimentsTableQueryDto.schema, (q) =>
        tables.experimentsTable(q.limit),
      ),
      promotions: tableReader('promotions', PromotionsQueryDto.schema, (q) => promotions.table(q)),
      alerts: tableReader('alerts', AlertsTableQueryDto.schema, (q) => tables.alertsTable(q)),
      'channel-decisions': tableReader('channel-decisions', DecisionsTableQueryDto.schema, (q) =>
        tables.decisionsTable(q),
      ),
      inventory: tableReader('inventory', InventoryQueryDto.schema, (q) =>
        tables.inventoryTable(q),
      ),
    };
  }

  @Get()
  @ApiOperation({
    summary:
      'Several dashboard tables in one request. Each parameter names a table and carries, as one URL-encoded value, the query string its own GET /v1/dashboard/{table} takes; every query is checked before anything is read. The answer is NDJSON: one line per table as soon as it is answered (fastest first), each the JSON of that table as its own endpoint answers it, or { table, error: { code, message } } when that table could not be read.',
  })
  @ApiProduces('application/x-ndjson')
  @ApiOkResponse({
    description: 'application/x-ndjson: one ReportTable (or { table, error }) per line',
    schema: { type: 'string' },
  })
  tables(@Query() query: DashboardQueryDto, @Res() reply: FastifyReply): FastifyReply {
    const asked = query as DashboardQuery;
    const reads = REPORT_TABLES.filter((table) => asked[table] !== undefined).map(
      (table) => [table, this.readers[table](asked[table] ?? '')] as const,
    );
    const lines = inAnswerOrder(reads, (table, error) =>
      this.logger.error(
        `dashboard table ${table} failed: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
    return reply
      .type('application/x-ndjson; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(Readable.from(ndjson(lines)));
  }
}

async function* ndjson(lines: AsyncIterable<unknown>): AsyncGenerator<string> {
  for await (const line of lines) yield `${JSON.stringify(line)}\n`;
}
