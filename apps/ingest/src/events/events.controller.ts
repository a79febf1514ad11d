import { Body, Controller, Headers, Inject, Ip } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { SERVICE_CONFIG, Endpoint } from '@omni/platform';
import type { IngestConfig } from '../config/ingest-config';
import { ConnectorAuth } from '../connectors/connector-auth.service';
import { ErrorDto } from '../http/error.dto';
import { batchOf, requireJson } from '../http/request-guards';
import { BatchResultDto } from './dto/batch-result.dto';
import { EventsBatchDto } from './dto/events-batch.dto';
import { IngestPipeline, type BatchResult } from './ingest-pipeline.service';

@ApiTags('connector API')
@ApiBearerAuth()
@Controller('v1/events')
export class EventsController {
  constructor(
    private readonly auth: ConnectorAuth,
    private readonly pipeline: IngestPipeline,
    @Inject(SERVICE_CONFIG) private readonly config: IngestConfig,
  ) {}

  @Endpoint('POST', { answer: BatchResultDto, status: 200 })
  @ApiOperation({
    summary: 'Send a batch of events',
    description:
      'Each event is validated, normalised, deduplicated on (connector, eventId) and published to ingest.events.v1. The answer has a result per event; one bad event never fails the others. "accepted" means Kafka acknowledged it (acks=all).',
  })
  @ApiBody({ type: EventsBatchDto })
  @ApiResponse({ status: 400, type: ErrorDto, description: 'malformed_json or invalid_batch' })
  @ApiResponse({ status: 401, type: ErrorDto, description: 'missing_key or invalid_key' })
  @ApiResponse({ status: 403, type: ErrorDto, description: 'connector_disabled' })
  @ApiResponse({
    status: 413,
    type: ErrorDto,
    description: 'payload_too_large: too many events or bytes',
  })
  @ApiResponse({ status: 415, type: ErrorDto, description: 'unsupported_media_type' })
  @ApiResponse({
    status: 429,
    type: ErrorDto,
    description:
      'rate_limited; auth_throttled (too many refused keys from this address) or auth_busy (too many keys waiting to be checked); with Retry-After',
  })
  @ApiResponse({
    status: 422,
    type: ErrorDto,
    description:
      'unprocessable_events: the store or the broker refused these events as sent; nothing was accepted, do not retry them unchanged',
  })
  @ApiResponse({
    status: 503,
    type: ErrorDto,
    description: 'kafka_unavailable or database_unavailable: nothing was accepted',
  })
  async ingest(
    @Headers('content-type') contentType: string | undefined,
    @Headers('authorization') authorization: string | undefined,
    @Ip() source: string,
    @Body() body: unknown,
  ): Promise<BatchResult> {
    requireJson(contentType);
    const connector = await this.auth.authenticate(authorization, 'bearer', source);
    const events = batchOf(body, 'events', this.config.batch.maxEvents);
    await this.auth.admit(connector, events.length);
    return this.pipeline.ingestBatch(
      connector,
      'http',
      events.map((event) => ({ event, received: event })),
    );
  }
}
