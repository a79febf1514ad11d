import { Body, Headers, Param } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  createZodDto,
  idText,
  AdminController,
  ACTOR_HEADER,
  changeFields,
  currencyCode,
  minorAmount,
  Endpoint,
  changeOf,
} from '@omni/platform';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { AuditRepository } from '../audit/audit.repository';
import { ReadModelsRepository } from './read-models.repository';

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
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly readModels: ReadModelsRepository,
    private readonly audit: AuditRepository,
  ) {}

  @Endpoint('PUT :sku/floor', {
    summary:
      "Set the SKU's price floor (pricing's cost / (1 − minimum margin)); no promotion goes below it unless its campaign allows",
    answer: FloorDto,
  })
  async put(
    @Param() { sku }: SkuParamsDto,
    @Body() body: PutFloorDto,
    @Headers(ACTOR_HEADER) actor?: string,
  ): Promise<FloorDto> {
    const change = changeOf(body, actor);
    const now = new Date();
    await this.dataSource.transaction(async (tx) => {
      await this.readModels.setFloor(tx, sku, body.currency, body.floor, now);
      await this.audit.record(
        tx,
        change,
        'sku.floor-set',
        `sku:${sku}`,
        { currency: body.currency, floor: body.floor },
        now,
      );
    });
    return { sku, currency: body.currency, floor: body.floor };
  }
}
