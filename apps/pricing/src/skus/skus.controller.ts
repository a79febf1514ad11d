import { Body, Param } from '@nestjs/common';
import { Actor, AdminController, createZodDto, Endpoint, changeOf } from '@omni/platform';
import { z } from 'zod';
import { skuText } from '../http/change-request';
import { SkuSettingsDto, SkuSettingsRequestDto } from './dto/sku-settings.dto';
import { SkusService } from './skus.service';

class SkuParamDto extends createZodDto(z.strictObject({ sku: skuText })) {}

@AdminController('v1/skus', 'skus')
export class SkusController {
  constructor(private readonly skus: SkusService) {}

  @Endpoint('GET :sku/settings', {
    summary: 'Cost, minimum margin, floor and ceiling of a SKU',
    answer: SkuSettingsDto,
    errors: { 404: 'sku_not_found' },
  })
  get(@Param() params: SkuParamDto): Promise<SkuSettingsDto> {
    return this.skus.get(params.sku);
  }

  @Endpoint('PUT :sku/settings', {
    summary:
      'Set cost, minimum margin and ceiling; the floor is ⌈cost / (1 − minMargin)⌉. Audited.',
    answer: SkuSettingsDto,
    errors: { 400: 'invalid_request', 422: 'ceiling_below_floor' },
  })
  put(
    @Param() params: SkuParamDto,
    @Body() body: SkuSettingsRequestDto,
    @Actor() actor?: string,
  ): Promise<SkuSettingsDto> {
    return this.skus.put(params.sku, body, changeOf(body, actor));
  }
}
