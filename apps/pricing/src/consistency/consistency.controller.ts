import { Query } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import {
  createZodDto,
  AdminController,
  Endpoint,
  pageLimit,
  NullableProperty,
} from '@omni/platform';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { skuText } from '../http/change-request';
import { ConsistencyRepository } from './consistency.repository';

class ConsistencyQueryDto extends createZodDto(
  z.strictObject({
    sku: skuText.optional(),
    status: z.enum(['open', 'resolved', 'all']).default('all'),
    limit: pageLimit(),
  }),
) {}

class ConsistencyAlertDto {
  @ApiProperty() id!: string;
  @ApiProperty() sku!: string;
  @ApiProperty({ description: 'ISO 4217 code; both amounts are in its minor units' })
  currency!: string;
  @ApiProperty() firstChannel!: string;
  @ApiProperty() secondChannel!: string;
  @ApiProperty({ description: 'Effective price on the first channel when the breach opened' })
  firstAmount!: number;
  @ApiProperty() secondAmount!: number;
  @ApiProperty() differenceBasisPoints!: number;
  @ApiProperty() toleranceBasisPoints!: number;
  @ApiProperty() openedAt!: string;
  @NullableProperty(String) resolvedAt!: string | null;
}

@AdminController('v1/consistency', 'consistency', { 400: 'invalid_request' })
export class ConsistencyController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly alerts: ConsistencyRepository,
  ) {}

  @Endpoint('GET', {
    summary:
      'Cross-channel consistency alerts (one per breach) with the prices involved, newest first',
    answer: [ConsistencyAlertDto],
  })
  async list(@Query() query: ConsistencyQueryDto): Promise<ConsistencyAlertDto[]> {
    const alerts = await this.alerts.find(this.dataSource.manager, query);
    return alerts.map((alert) => ({
      ...alert,
      openedAt: alert.openedAt.toISOString(),
      resolvedAt: alert.resolvedAt?.toISOString() ?? null,
    }));
  }
}
