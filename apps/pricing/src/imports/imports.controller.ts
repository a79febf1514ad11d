import { Body, Param, Query, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiProduces } from '@nestjs/swagger';
import {
  Actor,
  actorOf,
  AdminController,
  ApiError,
  Endpoint,
  type EndpointDoc,
  changeOf,
  IdParamsDto,
} from '@omni/platform';
import type { FastifyReply } from 'fastify';
import { CsvImportQueryDto, ExportQueryDto, ImportJobDto, JsonImportDto } from './dto/import.dto';
import { ImportsService } from './imports.service';

/** An endpoint that starts an import: it answers the job, accepted, or why no job started. */
function startsImportJob(summary: string): EndpointDoc {
  return {
    summary,
    answer: ImportJobDto,
    status: 202,
    errors: {
      404: 'price_list_not_found',
      409: 'price_list_not_draft',
      413: 'too_many_rows, payload_too_large',
    },
  };
}

@AdminController('v1', 'imports', { 400: 'invalid_request' })
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @Endpoint(
    'POST price-lists/:id/imports/json',
    startsImportJob(
      'Import prices into a draft list from JSON as a job: rows checked one by one, then all inserted (and published if asked) in one transaction, or none',
    ),
  )
  importJson(@Param() params: IdParamsDto, @Body() body: JsonImportDto, @Actor() actor?: string) {
    return this.imports.startJson(params.id, body.prices, body.publish, changeOf(body, actor));
  }

  @Endpoint(
    'POST price-lists/:id/imports/csv',
    startsImportJob(
      'Import prices into a draft list from CSV (header: sku,amount,currency[,channel,customerGroup,country,validFrom,validTo,quantityTiers]) as a job; the actor comes from X-Omni-Actor',
    ),
  )
  @ApiConsumes('text/csv')
  @ApiBody({
    schema: {
      type: 'string',
      example:
        'sku,amount,currency,channel,customerGroup,country,validFrom,validTo,quantityTiers\nLUM-SERUM-50ML,76000,CNY,tmall,,,,,3:72000|10:70000\n',
    },
  })
  importCsv(
    @Param() params: IdParamsDto,
    @Query() query: CsvImportQueryDto,
    @Body() body: unknown,
    @Actor({ required: true }) actor?: string,
  ) {
    if (typeof body !== 'string')
      throw new ApiError(415, 'unsupported_media_type', 'send the CSV with Content-Type: text/csv');
    return this.imports.startCsv(params.id, body, query.publish, {
      actor: actorOf(undefined, actor),
      reason: query.reason,
    });
  }

  @Endpoint('GET imports/:id', {
    summary: 'An import job: progress, per-row errors and outcome',
    answer: ImportJobDto,
    errors: { 404: 'import_not_found' },
  })
  job(@Param() params: IdParamsDto) {
    return this.imports.get(params.id);
  }

  @Endpoint('GET price-lists/:id/export', {
    summary: 'A price list with all its prices as JSON or CSV (readable by the imports)',
    description: 'The list as JSON, or its prices as CSV',
    errors: { 404: 'price_list_not_found' },
  })
  @ApiProduces('application/json', 'text/csv')
  async export(
    @Param() params: IdParamsDto,
    @Query() query: ExportQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const exported = await this.imports.export(params.id, query.format);
    if (typeof exported === 'string') reply.header('content-type', 'text/csv; charset=utf-8');
    return exported;
  }
}
