import { ApiProperty } from '@nestjs/swagger';
import { CHANNELS } from '@omni/contracts';
import { createZodDto, pageLimit } from '@omni/platform';
import { z } from 'zod';

export class RunDecisionsDto extends createZodDto(
  z.strictObject({
    periodEnd: z.iso.date().meta({
      description: 'The (exclusive, UTC) end of the test period decided on',
      example: '2026-03-09',
    }),
  }),
) {}

export class DecisionListQueryDto extends createZodDto(z.strictObject({ limit: pageLimit() })) {}

export class ChannelParamsDto extends createZodDto(z.strictObject({ channel: z.enum(CHANNELS) })) {}

export class ChannelInputsDto extends createZodDto(
  z.strictObject({
    partnerRelations: z.number().int().min(0).max(100).meta({ description: 'Manual score 0–100' }),
    actor: z.string().min(1).max(200),
  }),
) {}

export class ChannelDecisionDto {
  @ApiProperty({
    description:
      '1 when first decided; one more each time a rerun of the period changed it (each revision is published once as channel.decided)',
  })
  revision!: number;
  @ApiProperty() periodStart!: string;
  @ApiProperty() periodEnd!: string;
  @ApiProperty() channel!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['expand', 'admit', 'hold', 'exit', 'insufficient-data'],
    description: 'Only for channels under test (REPORTING_NEW_CHANNELS)',
  })
  recommendation!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: '0–100 over the rolling month' })
  healthIndex!: number | null;
  @ApiProperty({ description: 'Health below REPORTING_HEALTH_THRESHOLD: cut its resources by 20%' })
  resourceCut!: boolean;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The figures the decision was made from',
  })
  figures!: Record<string, unknown>;
  @ApiProperty() reason!: string;
  @ApiProperty() decidedAt!: Date;
}
