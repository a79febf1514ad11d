import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class EventErrorDto {
  @ApiProperty({ example: 'payload.total.amount' })
  path!: string;

  @ApiProperty({
    example: 'expected an integer amount in minor units (e.g. 1999 for 19.99), got 1510.5',
  })
  message!: string;
}

export class EventResultDto {
  @ApiProperty({ description: 'Position of the event in the request.' })
  index!: number;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The eventId as sent, when it had one.',
  })
  eventId!: string | null;

  @ApiProperty({ enum: ['accepted', 'duplicate', 'rejected'] })
  status!: 'accepted' | 'duplicate' | 'rejected';

  @ApiPropertyOptional({ type: [EventErrorDto], description: 'Why the event was rejected.' })
  errors?: EventErrorDto[];
}

export class BatchResultDto {
  @ApiProperty({
    description: 'Events published to ingest.events.v1 and acknowledged by Kafka (acks=all).',
  })
  accepted!: number;

  @ApiProperty({
    description:
      'Events already accepted before (same connector and eventId), not published again.',
  })
  duplicates!: number;

  @ApiProperty({
    description: 'Events refused, with reasons; also queryable at GET /v1/rejections.',
  })
  rejected!: number;

  @ApiProperty({ type: [EventResultDto] })
  results!: EventResultDto[];
}
