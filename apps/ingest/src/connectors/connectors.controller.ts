import { Body, Inject, Param, Query } from '@nestjs/common';
import { type Page, SERVICE_CONFIG, AdminController, Endpoint } from '@omni/platform';
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

  @Endpoint('POST', {
    summary: 'Register a connector; the answer holds its key, shown only this once',
    answer: ConnectorWithKeyDto,
    errors: { 409: 'conflict: the id is taken' },
  })
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

  @Endpoint('GET', {
    summary: 'List connectors in id order, a page at a time (never their keys)',
    answer: ConnectorPageDto,
    errors: { 400: 'invalid_request' },
  })
  list(@Query() query: ConnectorsQueryDto): Promise<Page<Connector>> {
    return this.connectors.list(query.limit, query.after);
  }

  @Endpoint('POST :id/rotate-key', {
    summary:
      'Issue a new key; the old one stops working (other replicas: within INGEST_KEY_CACHE_TTL_MS)',
    answer: ConnectorWithKeyDto,
    status: 200,
    errors: { 404: 'not_found: no connector with this id' },
  })
  async rotateKey(@Param('id') id: string): Promise<{ connector: Connector; key: string }> {
    return found(await this.connectors.rotateKey(id), id);
  }

  @Endpoint('POST :id/disable', {
    summary: 'Disable a connector: its requests answer 403 connector_disabled',
    answer: ConnectorDto,
    status: 200,
    errors: { 404: 'not_found: no connector with this id' },
  })
  async disable(@Param('id') id: string): Promise<Connector> {
    return found(await this.connectors.disable(id), id);
  }
}

function found<T>(value: T | undefined, id: string): T {
  if (value === undefined) throw new IngestHttpError(404, 'not_found', `no connector ${id}`);
  return value;
}
