import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { z } from 'zod';
import { EventErrorDto } from '../events/dto/batch-result.dto';
import { AdminTokenGuard } from '../http/admin-token.guard';
import { ErrorDto } from '../http/error.dto';
import { parseRequest } from '../http/parse-request';
import { RejectionsRepository, type StoredRejection } from './rejections.repository';

class RejectionDto {
  @ApiProperty() id!: string;
  @ApiProperty({ type: String, nullable: true }) connectorId!: string | null;
  @ApiProperty({ enum: ['http', 'segment', 'kafka'] }) source!: string;
  @ApiProperty({ type: String, nullable: true }) eventId!: string | null;
  @ApiProperty({ type: String, nullable: true }) type!: string | null;
  @ApiProperty({ type: [EventErrorDto] }) errors!: EventErrorDto[];
  @ApiPropertyOptional({ description: 'The event exactly as received.' }) input!: unknown;
  @ApiProperty() rejectedAt!: string;
}

const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value));

const querySchema = z.object({
  connectorId: z.string().min(1).max(128).optional(),
  from: instant.optional(),
  to: instant.optional(),
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
});

@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(AdminTokenGuard)
@Controller('v1/rejections')
export class RejectionsController {
  constructor(private readonly rejections: RejectionsRepository) {}

  @Get()
  @ApiOperation({ summary: 'Rejected events with their reasons, newest first' })
  @ApiQuery({ name: 'connectorId', required: false })
  @ApiQuery({ name: 'from', required: false, description: 'ISO 8601, inclusive' })
  @ApiQuery({ name: 'to', required: false, description: 'ISO 8601, exclusive' })
  @ApiQuery({ name: 'limit', required: false, description: '1-1000, default 100' })
  @ApiOkResponse({ type: [RejectionDto] })
  @ApiResponse({ status: 400, type: ErrorDto })
  @ApiResponse({ status: 401, type: ErrorDto })
  list(@Query() query: Record<string, unknown>): Promise<StoredRejection[]> {
    return this.rejections.find(parseRequest(querySchema, query));
  }
}
