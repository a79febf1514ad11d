import { Body, Controller, Get, HttpCode, Inject, Param, Post, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { INGEST_CONFIG, type IngestConfig } from '../config/ingest-config';
import { AdminTokenGuard } from '../http/admin-token.guard';
import { ErrorDto } from '../http/error.dto';
import { IngestHttpError } from '../http/ingest-http-error';
import { parseRequest } from '../http/parse-request';
import type { Connector } from './connector';
import { ConnectorsService } from './connectors.service';
import {
  ConnectorDto,
  ConnectorWithKeyDto,
  CreateConnectorDto,
  createConnectorSchema,
} from './dto/connector.dto';

@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(AdminTokenGuard)
@ApiResponse({ status: 401, type: ErrorDto, description: 'invalid_admin_token' })
@ApiResponse({
  status: 403,
  type: ErrorDto,
  description: 'admin_disabled: INGEST_ADMIN_TOKEN is not set',
})
@Controller('v1/admin/connectors')
export class ConnectorsController {
  constructor(
    private readonly connectors: ConnectorsService,
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Register a connector; the answer holds its key, shown only this once' })
  @ApiBody({ type: CreateConnectorDto })
  @ApiCreatedResponse({ type: ConnectorWithKeyDto })
  @ApiResponse({ status: 409, type: ErrorDto, description: 'conflict: the id is taken' })
  async create(@Body() body: unknown): Promise<{ connector: Connector; key: string }> {
    const input = parseRequest(createConnectorSchema, body);
    const rateLimitPerSecond =
      input.rateLimitPerSecond ?? this.config.INGEST_DEFAULT_RATE_LIMIT_PER_SECOND;
    const created = await this.connectors.create({
      ...input,
      channels: [...new Set(input.channels)],
      rateLimitPerSecond,
      burst: input.burst ?? Math.max(rateLimitPerSecond, this.config.INGEST_MAX_BATCH_EVENTS),
    });
    if (!created)
      throw new IngestHttpError(409, 'conflict', `connector ${input.id} already exists`);
    return created;
  }

  @Get()
  @ApiOperation({ summary: 'List connectors (never their keys)' })
  @ApiOkResponse({ type: [ConnectorDto] })
  list(): Promise<Connector[]> {
    return this.connectors.list();
  }

  @Post(':id/rotate-key')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Issue a new key; the old one stops working (other replicas: within INGEST_KEY_CACHE_TTL_MS)',
  })
  @ApiOkResponse({ type: ConnectorWithKeyDto })
  @ApiResponse({ status: 404, type: ErrorDto })
  async rotateKey(@Param('id') id: string): Promise<{ connector: Connector; key: string }> {
    return found(await this.connectors.rotateKey(id), id);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Disable a connector: its requests answer 403 connector_disabled' })
  @ApiOkResponse({ type: ConnectorDto })
  @ApiResponse({ status: 404, type: ErrorDto })
  async disable(@Param('id') id: string): Promise<Connector> {
    return found(await this.connectors.disable(id), id);
  }
}

function found<T>(value: T | undefined, id: string): T {
  if (value === undefined) throw new IngestHttpError(404, 'not_found', `no connector ${id}`);
  return value;
}
