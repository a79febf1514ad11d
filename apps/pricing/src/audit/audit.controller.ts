import { Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { createZodDto, idText, AdminController, ApiErrors } from '@omni/platform';
import { z } from 'zod';
import { skuText } from '../http/change-request';
import { AuditService } from './audit.service';

class AuditQueryDto extends createZodDto(
  z.strictObject({
    sku: skuText.optional(),
    subject: idText(200).optional().meta({ description: 'e.g. price-list:<id>' }),
    limit: z.coerce.number().int().min(1).max(1_000).default(100),
  }),
) {}

class AuditEntryDto {
  @ApiProperty() id!: string;
  @ApiProperty() at!: string;
  @ApiProperty() actor!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ example: 'price.published' }) action!: string;
  @ApiProperty({ example: 'price-list:pl_123' }) subject!: string;
  @ApiProperty({ type: String, nullable: true }) sku!: string | null;
  @ApiPropertyOptional() before!: unknown;
  @ApiPropertyOptional() after!: unknown;
}

@AdminController('v1/audit', 'audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({
    summary:
      'Every change (price, list, publication, rule result, cost, floor, policy), newest first',
  })
  @ApiOkResponse({ type: [AuditEntryDto] })
  @ApiErrors({ 400: 'invalid_request' })
  list(@Query() query: AuditQueryDto) {
    return this.audit.find(query);
  }
}
