import { Body, Param } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import {
  createZodDto,
  idText,
  AdminController,
  Actor,
  changeFields,
  currencyCode,
  minorAmount,
  Endpoint,
  changeOf,
} from '@omni/platform';
import { z } from 'zod';
import { FloorsService } from './floors.service';

class SkuParamsDto extends createZodDto(z.strictObject({ sku: idText(64) })) {}

class PutFloorDto extends createZodDto(
  z.strictObject({
    currency: currencyCode,
    floor: minorAmount.meta({
      description: 'Lowest unit price a promotion may take the SKU to, minor units',
    }),
    ...changeFields,
  }),
) {}

class FloorDto {
  @ApiProperty() sku!: string;
  @ApiProperty() currency!: string;
  @ApiProperty() floor!: number;
}

@AdminController('v1/skus', 'skus', { 400: 'invalid_request' })
export class FloorsController {
  constructor(private readonly floors: FloorsService) {}

  @Endpoint('PUT :sku/floor', {
    summary:
      "Set the SKU's price floor (pricing's cost / (1 − minimum margin)); no promotion goes below it unless its campaign allows",
    answer: FloorDto,
  })
  put(
    @Param() { sku }: SkuParamsDto,
    @Body() body: PutFloorDto,
    @Actor() actor?: string,
  ): Promise<FloorDto> {
    return this.floors.set(
      { sku, currency: body.currency, floor: body.floor },
      changeOf(body, actor),
    );
  }
}
