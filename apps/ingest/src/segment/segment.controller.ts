import { Body, Controller, Headers, Inject, Ip } from '@nestjs/common';
import { ApiBasicAuth, ApiBody, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { SERVICE_CONFIG, Endpoint } from '@omni/platform';
import type { IngestConfig } from '../config/ingest-config';
import { ConnectorAuth } from '../connectors/connector-auth.service';
import type { Connector } from '../connectors/connector';
import { BatchResultDto } from '../events/dto/batch-result.dto';
import {
  IngestPipeline,
  type BatchResult,
  type IngestItem,
} from '../events/ingest-pipeline.service';
import { ErrorDto } from '../http/error.dto';
import { IngestHttpError } from '../http/ingest-http-error';
import { batchOf, requireJson } from '../http/request-guards';
import { mapSegmentCall, SEGMENT_CALLS, type SegmentCall } from './segment-mapper';

class SegmentBatchDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'Segment calls, each with its "type".',
  })
  batch!: unknown[];

  @ApiProperty({
    required: false,
    description: 'When the SDK sent the batch; corrects client clock skew.',
  })
  sentAt?: string;
}

class SegmentResultDto extends BatchResultDto {
  @ApiProperty({ description: 'Segment clients look for this.' })
  success!: boolean;
}

type SegmentAnswer = BatchResult & { success: true };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Segment's HTTP Tracking API, so analytics SDKs work by changing only the host. Basic auth
 * with the connector key as the write key. Calls map onto the Omni envelope (see the README).
 */
@ApiTags('Segment-compatible API')
@ApiBasicAuth()
@ApiResponse({ status: 400, type: ErrorDto })
@ApiResponse({ status: 401, type: ErrorDto })
@ApiResponse({ status: 403, type: ErrorDto })
@ApiResponse({ status: 413, type: ErrorDto })
@ApiResponse({ status: 415, type: ErrorDto })
@ApiResponse({ status: 422, type: ErrorDto })
@ApiResponse({ status: 429, type: ErrorDto })
@ApiResponse({ status: 503, type: ErrorDto })
@Controller('v1')
export class SegmentController {
  constructor(
    private readonly auth: ConnectorAuth,
    private readonly pipeline: IngestPipeline,
    @Inject(SERVICE_CONFIG) private readonly config: IngestConfig,
  ) {}

  @Endpoint('POST batch', {
    summary: 'Segment batch: several calls of any type',
    answer: SegmentResultDto,
    status: 200,
  })
  @ApiBody({ type: SegmentBatchDto })
  async batch(
    @Headers('content-type') contentType: string | undefined,
    @Headers('authorization') authorization: string | undefined,
    @Ip() source: string,
    @Body() body: unknown,
  ): Promise<SegmentAnswer> {
    requireJson(contentType);
    const connector = await this.auth.authenticate(authorization, 'basic', source);
    const calls = batchOf(body, 'batch', this.config.batch.maxEvents);
    const sentAt = isObject(body) ? body.sentAt : undefined;
    return this.ingest(
      connector,
      calls.map((call) => ({ call: callType(call), message: call })),
      sentAt,
    );
  }

  @Endpoint('POST track', {
    summary: 'Segment track: e-commerce names map to Omni types, others become custom events',
    answer: SegmentResultDto,
    status: 200,
  })
  track(
    @Headers('content-type') c: string | undefined,
    @Headers('authorization') a: string | undefined,
    @Ip() source: string,
    @Body() body: unknown,
  ) {
    return this.single('track', c, a, source, body);
  }

  @Endpoint('POST identify', {
    summary: 'Segment identify → customer.identified',
    answer: SegmentResultDto,
    status: 200,
  })
  identify(
    @Headers('content-type') c: string | undefined,
    @Headers('authorization') a: string | undefined,
    @Ip() source: string,
    @Body() body: unknown,
  ) {
    return this.single('identify', c, a, source, body);
  }

  @Endpoint('POST page', {
    summary: 'Segment page → page.viewed',
    answer: SegmentResultDto,
    status: 200,
  })
  page(
    @Headers('content-type') c: string | undefined,
    @Headers('authorization') a: string | undefined,
    @Ip() source: string,
    @Body() body: unknown,
  ) {
    return this.single('page', c, a, source, body);
  }

  @Endpoint('POST screen', {
    summary: 'Segment screen → page.viewed with path screen:<name>',
    answer: SegmentResultDto,
    status: 200,
  })
  screen(
    @Headers('content-type') c: string | undefined,
    @Headers('authorization') a: string | undefined,
    @Ip() source: string,
    @Body() body: unknown,
  ) {
    return this.single('screen', c, a, source, body);
  }

  @Endpoint('POST alias', {
    summary: 'Segment alias → customer.identified linking previousId and userId',
    answer: SegmentResultDto,
    status: 200,
  })
  alias(
    @Headers('content-type') c: string | undefined,
    @Headers('authorization') a: string | undefined,
    @Ip() source: string,
    @Body() body: unknown,
  ) {
    return this.single('alias', c, a, source, body);
  }

  @Endpoint('POST group', {
    summary: 'Segment group → custom event "Group"',
    answer: SegmentResultDto,
    status: 200,
  })
  group(
    @Headers('content-type') c: string | undefined,
    @Headers('authorization') a: string | undefined,
    @Ip() source: string,
    @Body() body: unknown,
  ) {
    return this.single('group', c, a, source, body);
  }

  private async single(
    call: SegmentCall,
    contentType: string | undefined,
    authorization: string | undefined,
    source: string,
    body: unknown,
  ): Promise<SegmentAnswer> {
    requireJson(contentType);
    const connector = await this.auth.authenticate(authorization, 'basic', source);
    if (!isObject(body))
      throw new IngestHttpError(
        400,
        'invalid_batch',
        `expected a Segment ${call} call as a JSON object`,
      );
    return this.ingest(connector, [{ call, message: body }], undefined);
  }

  private async ingest(
    connector: Connector,
    calls: { call: SegmentCall | undefined; message: unknown }[],
    batchSentAt: unknown,
  ): Promise<SegmentAnswer> {
    await this.auth.admit(connector, calls.length);
    const settings = {
      defaultChannel: connector.channels[0],
      defaultCurrency: this.config.segment.defaultCurrency,
      batchSentAt,
    };
    const items: IngestItem[] = calls.map(({ call, message }) => {
      if (call === undefined) {
        return {
          event: message,
          received: message,
          errors: [{ path: 'type', message: `expected one of ${SEGMENT_CALLS.join(', ')}` }],
        };
      }
      const mapped = mapSegmentCall(call, message, settings);
      return { event: mapped.event, received: message, errors: mapped.errors };
    });
    return { success: true, ...(await this.pipeline.ingestBatch(connector, 'segment', items)) };
  }
}

function callType(message: unknown): SegmentCall | undefined {
  const type = isObject(message) ? message.type : undefined;
  return SEGMENT_CALLS.find((call) => call === type);
}
