import { Body, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { type Page, SERVICE_CONFIG, AdminController, ApiErrors } from '@omni/platform';
import type { IngestConfig } from '../config/ingest-config';

import { IngestHttpError } from '../http/ingest-http-error';
import type { Connector } from './connector';
import { ConnectorsService } from './connectors.service';
import {
  ConnectorDto,
  ConnectorPageDto,
  ConnectorsQueryDto,
  ConnectorWithKeyDto,
  CreateConnectorDto,
} from './dto/connector.dto';

@AdminController('v1/admin/connectors', 'admin')
export class ConnectorsController {
  constructor(
    private readonly connectors: ConnectorsService,
    @Inject(SERVICE_CONFIG) private readonly config: IngestConfig,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Register a connector; the answer holds its key, shown only this once' })
  @ApiCreatedResponse({ type: ConnectorWithKeyDto })
  @ApiErrors({ 409: 'conflict: the id is taken' })
  async create(@Body() input: CreateConnectorDto): Promise<{ connector: Connector; key: string }> {
    const rateLimitPerSecond = input.rateLimitPerSecond ?? this.config.rateLimit.defaultPerSecond;
    const created = await this.connectors.create({
      ...input,
      channels: [...new Set(input.channels)],
      rateLimitPerSecond,
      burst: input.burst ?? Math.max(rateLimitPerSecond, this.config.batch.maxEvents),
    });
    if (!created)
      throw new IngestHttpError(409, 'conflict', `connector ${input.id} already exists`);
    return created;
  }

  @Get()
  @ApiOperation({ summary: 'List connectors in id order, a page at a time (never their keys)' })
  @ApiOkResponse({ type: ConnectorPageDto })
  @ApiErrors({ 400: 'invalid_request' })
  list(@Query() query: ConnectorsQueryDto): Promise<Page<Connector>> {
    return this.connectors.list(query.limit, query.after);
  }

  @Post(':id/rotate-key')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Issue a new key; the old one stops working (other replicas: within INGEST_KEY_CACHE_TTL_MS)',
  })
  @ApiOkResponse({ type: ConnectorWithKeyDto })
  @ApiErrors({ 404: 'not_found: no connector with this id' })
  async rotateKey(@Param('id') id: string): Promise<{ connector: Connector; key: string }> {
    return found(await this.connectors.rotateKey(id), id);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Disable a connector: its requests answer 403 connector_disabled' })
  @ApiOkResponse({ type: ConnectorDto })
  @ApiErrors({ 404: 'not_found: no connector with this id' })
  async disable(@Param('id') id: string): Promise<Connector> {
    return found(await this.connectors.disable(id), id);
  }
}

function found<T>(value: T | undefined, id: string): T {
  if (value === undefined) throw new IngestHttpError(404, 'not_found', `no connector ${id}`);
  return value;
}
