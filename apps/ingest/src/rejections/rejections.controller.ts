import { Query } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EventErrorDto } from '../events/dto/batch-result.dto';
import { AdminController, Endpoint, NullableProperty } from '@omni/platform';
import { RejectionsQueryDto } from './dto/rejections-query.dto';
import { RejectionsRepository, type StoredRejection } from './rejections.repository';

class RejectionDto {
  @ApiProperty() id!: string;
  @NullableProperty(String) connectorId!: string | null;
  @ApiProperty({ enum: ['http', 'segment', 'kafka'] }) source!: string;
  @NullableProperty(String) eventId!: string | null;
  @NullableProperty(String) type!: string | null;
  @ApiProperty({ type: [EventErrorDto] }) errors!: EventErrorDto[];
  @ApiPropertyOptional({
    description:
      'The event exactly as received; above 8 KiB of JSON, the start of that JSON as a string (see inputTruncated).',
  })
  input!: unknown;
  @ApiProperty({ description: 'True when input holds only the start of what was received.' })
  inputTruncated!: boolean;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'The size in bytes of the whole input as JSON (null for older rejections).',
  })
  inputBytes!: number | null;
  @ApiProperty() rejectedAt!: string;
}

@AdminController('v1/rejections', 'admin')
export class RejectionsController {
  constructor(private readonly rejections: RejectionsRepository) {}

  @Endpoint('GET', {
    summary: 'Rejected events with their reasons, newest first',
    answer: [RejectionDto],
    errors: { 400: 'invalid_request: a malformed filter or limit' },
  })
  list(@Query() query: RejectionsQueryDto): Promise<StoredRejection[]> {
    return this.rejections.find(query);
  }
}
