import { Body, Header, Query, Res } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import {
  createZodDto,
  idText,
  AdminController,
  Endpoint,
  pageLimit,
  NullableProperty,
} from '@omni/platform';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { HistoryRepository } from '../history/history.repository';
import { countryCode, currencyCode, groupName, skuText } from '../http/change-request';
import { SelectRequestDto, SelectResponseDto } from './dto/select.dto';
import { SelectionService } from './selection.service';

class HistoryQueryDto extends createZodDto(
  z.strictObject({
    sku: skuText,
    currency: currencyCode,
    channel: idText(64),
    customerGroup: groupName.optional(),
    country: countryCode.optional(),
    limit: pageLimit(10_000, 1_000),
  }),
) {}

class HistoryPointDto {
  @ApiProperty() effectiveFrom!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'null: no price from then on' })
  amount!: number | null;
  @NullableProperty(Number) previousAmount!: number | null;
  @NullableProperty(Number, { required: false }) referenceAmount!: number | null;
  @NullableProperty(String, { required: false }) reductionStartedAt!: string | null;
  @ApiProperty({ description: 'The operation that wrote it, e.g. publish-<list id>' })
  source!: string;
  @ApiProperty() recordedAt!: string;
}

@AdminController('v1/prices', 'prices', { 400: 'invalid_request' })
export class SelectionController {
  constructor(
    private readonly selection: SelectionService,
    private readonly history: HistoryRepository,
    private readonly dataSource: DataSource,
  ) {}

  @Endpoint('POST select', {
    summary:
      'One price per SKU for a channel, customer groups, country, moment and quantity: the matched level, the rejected candidates and why, floor and ceiling, the reference price; no_price entries for SKUs without one',
    status: 200,
    answer: SelectResponseDto,
  })
  // The service writes the answer's JSON bytes itself (ADR 0034): the explained answer's
  // hundreds of rejected candidates as objects, then as one string, were most of what a select
  // allocated. A Buffer goes out after the head without another copy on the heap; its buffer
  // goes back to the service's pool once the response is closed: sent, or its connection gone
  // (ADR 0037).
  @Header('content-type', 'application/json; charset=utf-8')
  async select(
    @Body() body: SelectRequestDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const answer = await this.selection.select(body);
    reply.raw.once('close', () => this.selection.release(answer));
    return answer;
  }

  @Endpoint('GET history', {
    summary:
      'The effective price over time of one SKU on one channel, for one customer group and country (or none), oldest first; a later point at the same instant corrects an earlier one',
    answer: [HistoryPointDto],
  })
  async historyOf(@Query() query: HistoryQueryDto): Promise<HistoryPointDto[]> {
    const rows = await this.history.ofScope(
      this.dataSource.manager,
      {
        sku: query.sku,
        currency: query.currency,
        channel: query.channel,
        customerGroup: query.customerGroup ?? '',
        country: query.country ?? '',
      },
      query.limit,
    );
    return rows.map((row) => ({
      effectiveFrom: row.effectiveFrom.toISOString(),
      amount: row.amount,
      previousAmount: row.previousAmount,
      referenceAmount: row.referenceAmount,
      reductionStartedAt: row.reductionStartedAt?.toISOString() ?? null,
      source: row.source,
      recordedAt: row.recordedAt.toISOString(),
    }));
  }
}
