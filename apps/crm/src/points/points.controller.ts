import { Body, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse } from '@nestjs/swagger';
import { invalidRequest, AdminController, Endpoint, CustomerIdParamsDto } from '@omni/platform';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  MergedCustomerRedirect,
  MERGED_CUSTOMER_ERRORS,
  MERGED_CUSTOMER_LIST_ERRORS,
} from '../customers/merged-customer';
import {
  AdjustmentDto,
  AdjustmentRequestDto,
  ExpiryRunDto,
  idempotencyKeyText,
  LedgerEntryPageDto,
  LedgerQueryDto,
  LotPageDto,
  PointsDto,
  RedemptionDto,
  RedemptionRequestDto,
  SeqPageQueryDto,
  type PointsView,
} from './dto/points.dto';
import { PointsQueryService } from './points-query.service';
import { PointsService, type RedemptionResult } from './points.service';

const idempotencyHeader = z.object({
  'Idempotency-Key': z.string({ error: 'is required' }).pipe(idempotencyKeyText),
});

@AdminController('v1', 'points', {
  400: 'invalid_request: a malformed id, header, query or body; details.issues names each field.',
})
export class PointsController {
  constructor(
    private readonly points: PointsService,
    private readonly query: PointsQueryService,
    private readonly merged: MergedCustomerRedirect,
  ) {}

  @Endpoint('GET customers/:customerId/points', {
    summary: 'Balance, lots and a page of ledger entries (newest first).',
    answer: PointsDto,
    errors: MERGED_CUSTOMER_ERRORS,
  })
  get(
    @Param() { customerId }: CustomerIdParamsDto,
    @Query() page: LedgerQueryDto,
  ): Promise<PointsView> {
    return this.merged.orSurvivor(customerId, '/points', () => this.query.view(customerId, page));
  }

  @Endpoint('GET customers/:customerId/points/lots', {
    summary: 'The customer’s lots in the order they were earned, a page at a time.',
    answer: LotPageDto,
    errors: MERGED_CUSTOMER_LIST_ERRORS,
  })
  lots(@Param() { customerId }: CustomerIdParamsDto, @Query() page: SeqPageQueryDto) {
    return this.merged.orSurvivor(customerId, '/points/lots', () =>
      this.query.lots(customerId, page),
    );
  }

  @Endpoint('GET customers/:customerId/points/entries', {
    summary: 'The customer’s ledger entries, oldest first, a page at a time.',
    answer: LedgerEntryPageDto,
    errors: MERGED_CUSTOMER_LIST_ERRORS,
  })
  entries(@Param() { customerId }: CustomerIdParamsDto, @Query() page: SeqPageQueryDto) {
    return this.merged.orSurvivor(customerId, '/points/entries', () =>
      this.query.entries(customerId, page),
    );
  }

  @Endpoint('POST customers/:customerId/points/redemptions', {
    summary:
      'Burn points, earliest-expiring lots first, then the oldest; once per Idempotency-Key (a repeat answers 200 with the first answer).',
    answer: RedemptionDto,
    errors: {
      404: 'customer_not_found',
      409: 'insufficient_points (nothing changed), or idempotency_key_reused with a different request',
    },
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description: 'At most 200 characters, unique per redemption',
  })
  @ApiOkResponse({
    type: RedemptionDto,
    description: 'A repeated Idempotency-Key: the first answer',
  })
  async redeem(
    @Param() { customerId }: CustomerIdParamsDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Body() body: RedemptionRequestDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RedemptionResult> {
    const header = idempotencyHeader.safeParse({ 'Idempotency-Key': idempotencyKey });
    if (!header.success) throw invalidRequest(header.error);
    const { result, replayed } = await this.points.redeem(
      customerId,
      header.data['Idempotency-Key'],
      body,
    );
    reply.status(replayed ? 200 : 201);
    return result;
  }

  @Endpoint('POST customers/:customerId/points/adjustments', {
    summary: 'A manual adjustment with its reason: positive earns an expiring lot, negative burns.',
    answer: AdjustmentDto,
    errors: { 404: 'customer_not_found', 409: 'insufficient_points (nothing changed)' },
  })
  adjust(
    @Param() params: CustomerIdParamsDto,
    @Body() body: AdjustmentRequestDto,
  ): Promise<AdjustmentDto> {
    return this.points.adjust(params.customerId, body);
  }

  @Endpoint('POST points/expiry-runs', {
    summary:
      'Write off every lot expired now (also run on a schedule); a second run writes nothing.',
    answer: ExpiryRunDto,
    status: 200,
  })
  expire(): Promise<{ lots: number; points: number }> {
    return this.points.expire(new Date());
  }
}
