import { ApiProperty } from '@nestjs/swagger';
import { CHANNELS } from '@omni/contracts';
import { createZodDto, freeText, PageDto, pageQuerySchema, RowAnswer } from '@omni/platform';
import { z } from 'zod';
import { ConnectorEntity } from '../connector.entity';
import { CONNECTOR_ID_PATTERN } from '../connector-key';

export const createConnectorSchema = z.strictObject({
  id: z
    .string()
    .regex(
      CONNECTOR_ID_PATTERN,
      'expected 1-63 lower-case letters, digits or hyphens, e.g. tmall-flagship',
    )
    .meta({ example: 'tmall-flagship' }),
  name: freeText(200).meta({ example: 'Tmall flagship store' }),
  channels: z
    .array(z.enum(CHANNELS))
    .min(1)
    .max(CHANNELS.length)
    .meta({ example: ['tmall'], description: 'Channels this connector may send events for.' }),
  rateLimitPerSecond: z.int().min(1).max(10_000_000).optional().meta({
    description: 'Sustained events per second. Default INGEST_DEFAULT_RATE_LIMIT_PER_SECOND.',
  }),
  burst: z.int().min(1).max(100_000_000).optional().meta({
    description: 'Events allowed at once. Default: the larger of the rate and the batch limit.',
  }),
});

export class CreateConnectorDto extends createZodDto(createConnectorSchema) {}

export class ConnectorDto extends RowAnswer(ConnectorEntity, {
  omit: ['keyHash'],
  properties: {
    channels: { enum: CHANNELS, isArray: true },
    status: { enum: ['active', 'disabled'] },
  },
}) {}

export class ConnectorsQueryDto extends createZodDto(
  pageQuerySchema(z.string().regex(CONNECTOR_ID_PATTERN, 'expected a connector id')),
) {}

export class ConnectorPageDto extends PageDto(ConnectorDto) {}

export class ConnectorWithKeyDto {
  @ApiProperty({ type: ConnectorDto }) connector!: ConnectorDto;

  @ApiProperty({
    description: 'The plain key. It is shown exactly once; only its scrypt hash is stored.',
    example: 'omni.tmall-flagship.9V1o…',
  })
  key!: string;
}
