import { Query } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  createZodDto,
  idText,
  AdminController,
  Endpoint,
  pageLimit,
  NullableProperty,
} from '@omni/platform';
import { z } from 'zod';
import { skuText } from '../http/change-request';
import { AuditLogRepository } from './audit-log.repository';

class AuditQueryDto extends createZodDto(
  z.strictObject({
    sku: skuText.optional(),
    subject: idText(200).optional().meta({ description: 'e.g. price-list:<id>' }),
    limit: pageLimit(),
  }),
) {}

class AuditEntryDto {
  @ApiProperty() id!: string;
  @ApiProperty() at!: string;
  @ApiProperty() actor!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ example: 'price.published' }) action!: string;
  @ApiProperty({ example: 'price-list:pl_123' }) subject!: string;
  @NullableProperty(String) sku!: string | null;
  @ApiPropertyOptional() before!: unknown;
  @ApiPropertyOptional() after!: unknown;
}

@AdminController('v1/audit', 'audit')
export class AuditController {
  constructor(private readonly audit: AuditLogRepository) {}

  @Endpoint('GET', {
    summary:
      'Every change (price, list, publication, rule result, cost, floor, policy), newest first',
    answer: [AuditEntryDto],
    errors: { 400: 'invalid_request' },
  })
  list(@Query() query: AuditQueryDto) {
    return this.audit.find(query);
  }
}
