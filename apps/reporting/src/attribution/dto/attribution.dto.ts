import { ApiProperty } from '@nestjs/swagger';
import { createZodDto } from '@omni/platform';
import { z } from 'zod';
import { fromBeforeTo } from '../../http/report-range';
import { ATTRIBUTION_MODELS } from '../attribution-models';

export class AttributionQueryDto extends createZodDto(
  z
    .strictObject({
      from: z.iso.datetime({ offset: true }).meta({
        description: 'Orders placed from (inclusive)',
        example: '2026-03-01T00:00:00Z',
      }),
      to: z.iso
        .datetime({ offset: true })
        .meta({ description: 'to (exclusive)', example: '2026-04-01T00:00:00Z' }),
      models: z
        .array(z.enum(ATTRIBUTION_MODELS))
        .min(1)
        .max(ATTRIBUTION_MODELS.length)
        .optional()
        .meta({ description: 'Models side by side; all when absent' }),
      lookbackDays: z.number().int().min(1).max(365).optional().meta({
        description:
          'Days before each order whose touches count (REPORTING_ATTRIBUTION_LOOKBACK_DAYS when absent)',
      }),
      halfLifeDays: z.number().min(0.1).max(365).optional().meta({
        description:
          'Time-decay half-life in days (REPORTING_ATTRIBUTION_HALF_LIFE_DAYS when absent)',
      }),
      touchTypes: z
        .array(z.enum(['impression', 'click', 'open', 'view']))
        .min(1)
        .optional()
        .meta({ description: 'Touch types on the path; all when absent' }),
      channels: z.array(z.string().min(1).max(64)).min(1).max(100).optional().meta({
        description: 'Only orders placed on these channels',
      }),
    })
    .check(fromBeforeTo),
) {}
export type AttributionQuery = z.output<typeof AttributionQueryDto.schema>;

export class AttributionRowDto {
  @ApiProperty({ description: 'Channel of the touches' }) channel!: string;
  @ApiProperty({ description: 'Campaign of the touches' }) campaignId!: string;
  @ApiProperty({ description: 'Paid (a paid medium or a cost) or organic' }) paid!: boolean;
  @ApiProperty({ description: 'Distinct customers whose paths hold these touches' })
  customers!: number;
  @ApiProperty() touches!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'Credited revenue per model, integer minor units',
  })
  credits!: Record<string, number>;
}

export class UnattributedDto {
  @ApiProperty() orders!: number;
  @ApiProperty({ description: "Their value, in the reporting currency's minor units" })
  revenue!: number;
}

export class AttributionAnswerDto {
  @ApiProperty() currency!: string;
  @ApiProperty({ type: [String] }) models!: string[];
  @ApiProperty() lookbackDays!: number;
  @ApiProperty() halfLifeDays!: number;
  @ApiProperty({ description: 'Orders in range (in the reporting currency, not cancelled)' })
  orders!: number;
  @ApiProperty({
    description: 'Their value; every model credits exactly the attributed part of it',
  })
  revenue!: number;
  @ApiProperty({
    type: UnattributedDto,
    description: 'Orders with no touch in their lookback window',
  })
  unattributed!: UnattributedDto;
  @ApiProperty({ type: [AttributionRowDto] }) rows!: AttributionRowDto[];
}
