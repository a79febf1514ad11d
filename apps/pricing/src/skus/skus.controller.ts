import { Body, Get, Headers, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { ACTOR_HEADER, actorOf, AdminController, ApiErrors, createZodDto } from '@omni/platform';
import { z } from 'zod';
import { skuText } from '../http/change-request';
import { SkuSettingsDto, SkuSettingsRequestDto } from './dto/sku-settings.dto';
import { SkusService } from './skus.service';

class SkuParamDto extends createZodDto(z.strictObject({ sku: skuText })) {}

@AdminController('v1/skus', 'skus')
export class SkusController {
  constructor(private readonly skus: SkusService) {}

  @Get(':sku/settings')
  @ApiOperation({ summary: 'Cost, minimum margin, floor and ceiling of a SKU' })
  @ApiOkResponse({ type: SkuSettingsDto })
  @ApiErrors({ 404: 'sku_not_found' })
  get(@Param() params: SkuParamDto): Promise<SkuSettingsDto> {
    return this.skus.get(params.sku);
  }

  @Put(':sku/settings')
  @ApiOperation({
    summary:
      'Set cost, minimum margin and ceiling; the floor is ⌈cost / (1 − minMargin)⌉. Audited.',
  })
  @ApiOkResponse({ type: SkuSettingsDto })
  @ApiErrors({ 400: 'invalid_request', 422: 'ceiling_below_floor' })
  put(
    @Param() params: SkuParamDto,
    @Body() body: SkuSettingsRequestDto,
    @Headers(ACTOR_HEADER) actor?: string,
  ): Promise<SkuSettingsDto> {
    return this.skus.put(params.sku, body, {
      actor: actorOf(body.actor, actor),
      reason: body.reason,
    });
  }
}
