import { ApiProperty } from '@nestjs/swagger';

export class EventsBatchDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description:
      'Events in the Omni envelope (see the AsyncAPI document of @omni/contracts). At most INGEST_MAX_BATCH_EVENTS (1,000) events and INGEST_MAX_BODY_BYTES (1 MiB).',
  })
  events!: unknown[];
}
