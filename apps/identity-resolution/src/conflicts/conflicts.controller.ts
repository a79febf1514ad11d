import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiProperty,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { AdminTokenGuard } from '../admin-auth/admin-token.guard';
import { parseInput } from '../admin-auth/api-error';

export class ConflictDto {
  @ApiProperty() id!: string;
  @ApiProperty({ type: [String], description: 'The two profiles that were not merged.' })
  profileIds!: string[];
  @ApiProperty({ description: 'The identifier type whose link was refused.' })
  identifierType!: string;
  @ApiProperty({ example: 'strong-conflict' }) rule!: string;
  @ApiProperty({ example: 'both profiles hold a different memberId' }) reason!: string;
  @ApiProperty() sourceEventId!: string;
  @ApiProperty({ enum: ['open', 'resolved'] }) status!: string;
  @ApiProperty() createdAt!: string;
}

const conflictQuery = z.strictObject({
  status: z.enum(['open', 'resolved']).default('open'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  afterId: z.coerce.number().int().min(0).default(0),
});

@ApiTags('conflicts')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing or wrong admin token.' })
@UseGuards(AdminTokenGuard)
@Controller('v1/conflicts')
export class ConflictsController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @ApiQuery({ name: 'status', required: false, enum: ['open', 'resolved'] })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  @ApiQuery({
    name: 'afterId',
    required: false,
    type: Number,
    description: 'Page after this conflict id.',
  })
  @ApiOkResponse({
    type: [ConflictDto],
    description:
      'Profiles that were never merged automatically because each holds a different strong identifier; merge them by hand if they are one person.',
  })
  async list(@Query() query: unknown): Promise<ConflictDto[]> {
    const { status, limit, afterId } = parseInput(conflictQuery, query);
    const rows: {
      id: string;
      profile_ids: string[];
      identifier_type: string;
      rule: string;
      reason: string;
      source_event_id: string;
      status: string;
      created_at: Date;
    }[] = await this.dataSource.query(
      `SELECT id::text AS id, profile_ids, identifier_type, rule, reason, source_event_id, status, created_at FROM conflicts WHERE status = $1 AND id > $2 ORDER BY id LIMIT $3`,
      [status, afterId, limit],
    );
    return rows.map((row) => ({
      id: row.id,
      profileIds: row.profile_ids,
      identifierType: row.identifier_type,
      rule: row.rule,
      reason: row.reason,
      sourceEventId: row.source_event_id,
      status: row.status,
      createdAt: row.created_at.toISOString(),
    }));
  }
}
