import { Query } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { AdminController, Endpoint } from '@omni/platform';
import { ConflictsRepository } from './conflicts.repository';
import { ConflictQueryDto } from './dto/conflict-query.dto';

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

@AdminController('v1/conflicts', 'conflicts')
export class ConflictsController {
  constructor(private readonly conflicts: ConflictsRepository) {}

  @Endpoint('GET', {
    answer: [ConflictDto],
    description:
      'Profiles that were never merged automatically because each holds a different strong identifier; merge them by hand if they are one person.',
  })
  async list(@Query() { status, limit, afterId }: ConflictQueryDto): Promise<ConflictDto[]> {
    const rows = await this.conflicts.list({ status, afterId, limit });
    return rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }));
  }
}
