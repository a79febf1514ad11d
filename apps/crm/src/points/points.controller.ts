import { Body, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
} from '@nestjs/swagger';
import { ErrorBodyDto, invalidRequest, AdminController, ApiErrors } from '@omni/platform';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { CustomerIdParamsDto } from '../customers/dto/customer.dto';
import { MergedCustomerRedirect } from '../customers/merged-customer';
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

  @Get('customers/:customerId/points')
  @ApiOperation({ summary: 'Balance, lots and a page of ledger entries (newest first).' })
  @ApiOkResponse({ type: PointsDto })
  @ApiErrors({ 404: 'customer_not_found' })
  @ApiResponse({
    status: 308,
    type: ErrorBodyDto,
    description:
      'customer_merged: the id was merged into another customer; Location is the same resource of the survivor (details.survivorId)',
  })
  get(
    @Param() { customerId }: CustomerIdParamsDto,
    @Query() page: LedgerQueryDto,
  ): Promise<PointsView> {
    return this.merged.orSurvivor(customerId, '/points', () => this.query.view(customerId, page));
  }

  @Get('customers/:customerId/points/lots')
  @ApiOperation({ summary: 'The customer’s lots in the order they were earned, a page at a time.' })
  @ApiOkResponse({ type: LotPageDto })
  @ApiErrors({ 404: 'customer_not_found' })
  @ApiResponse({
    status: 308,
    type: ErrorBodyDto,
    description: 'customer_merged: Location is the same list of the survivor',
  })
  lots(@Param() { customerId }: CustomerIdParamsDto, @Query() page: SeqPageQueryDto) {
    return this.merged.orSurvivor(customerId, '/points/lots', () =>
      this.query.lots(customerId, page),
    );
  }

  @Get('customers/:customerId/points/entries')
  @ApiOperation({ summary: 'The customer’s ledger entries, oldest first, a page at a time.' })
  @ApiOkResponse({ type: LedgerEntryPageDto })
  @ApiErrors({ 404: 'customer_not_found' })
  @ApiResponse({
    status: 308,
    type: ErrorBodyDto,
    description: 'customer_merged: Location is the same list of the survivor',
  })
  entries(@Param() { customerId }: CustomerIdParamsDto, @Query() page: SeqPageQueryDto) {
    return this.merged.orSurvivor(customerId, '/points/entries', () =>
      this.query.entries(customerId, page),
    );
  }

  @Post('customers/:customerId/points/redemptions')
  @ApiOperation({
    summary:
      'Burn points, earliest-expiring lots first, then the oldest; once per Idempotency-Key (a repeat answers 200 with the first answer).',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description: 'At most 200 characters, unique per redemption',
  })
  @ApiCreatedResponse({ type: RedemptionDto })
  @ApiOkResponse({
    type: RedemptionDto,
    description: 'A repeated Idempotency-Key: the first answer',
  })
  @ApiErrors({
    404: 'customer_not_found',
    409: 'insufficient_points (nothing changed), or idempotency_key_reused with a different request',
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

  @Post('customers/:customerId/points/adjustments')
  @ApiOperation({
    summary: 'A manual adjustment with its reason: positive earns a lot, negative burns.',
  })
  @ApiCreatedResponse({ type: AdjustmentDto })
  @ApiErrors({ 404: 'customer_not_found', 409: 'insufficient_points (nothing changed)' })
  adjust(
    @Param() { customerId }: CustomerIdParamsDto,
    @Body() body: AdjustmentRequestDto,
  ): Promise<{ balance: number }> {
    return this.points.adjust(customerId, body);
  }

  @Post('points/expiry-runs')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Write off every lot expired now (also run on a schedule); a second run writes nothing.',
  })
  @ApiOkResponse({ type: ExpiryRunDto })
  expire(): Promise<{ lots: number; points: number }> {
    return this.points.expire(new Date());
  }
}
