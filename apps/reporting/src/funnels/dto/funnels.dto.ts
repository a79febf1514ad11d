import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { createZodDto, NullableProperty } from '@omni/platform';
import { z } from 'zod';
import { fromBeforeTo } from '../../http/report-range';
import { FUNNEL_MODES } from '../funnel';

const eventType = z
  .string()
  .regex(/^[a-z]+(?:[.-][a-z]+)*$/, 'expected an event type such as order.placed');

const step = z
  .strictObject({
    name: z.string().min(1).max(64).optional(),
    types: z.array(eventType).min(1).max(20),
    where: z
      .record(z.string().min(1).max(128), z.union([z.string().max(256), z.number(), z.boolean()]))
      .optional()
      .meta({ description: 'Payload values the event must carry; dotted paths reach nested ones' }),
    channels: z.array(z.string().min(1).max(64)).min(1).max(50).optional(),
  })
  .meta({
    example: { name: 'interest', types: ['product.viewed'], where: { sku: 'LUM-SERUM-50ML' } },
  });

export class FunnelQueryDto extends createZodDto(
  z
    .strictObject({
      steps: z.array(step).min(2).max(10).optional().meta({
        description:
          'The steps; the saved default (awareness → interest → consideration → conversion) when absent',
      }),
      mode: z.enum(FUNNEL_MODES).default('ordered'),
      windowMinutes: z.number().int().min(1).max(525_600).optional().meta({
        description:
          'Conversion window from the first step (REPORTING_FUNNEL_WINDOW_MINUTES when absent)',
      }),
      from: z.iso.datetime({ offset: true }).meta({ example: '2026-03-01T00:00:00Z' }),
      to: z.iso.datetime({ offset: true }).meta({
        description: 'The first step happens in [from, to); later ones within the window',
        example: '2026-03-08T00:00:00Z',
      }),
      breakdown: z.enum(['channel', 'campaign']).optional().meta({
        description:
          'Split by the channel or campaign of the event that started each customer’s best attempt',
      }),
    })
    .check(fromBeforeTo),
) {}
export type FunnelQuery = z.output<typeof FunnelQueryDto.schema>;

export class FunnelStepResultDto {
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String] }) types!: string[];
  @ApiProperty({ description: 'Resolved customers who completed this step' }) customers!: number;
  @NullableProperty(Number) conversionFromPrevious!: number | null;
  @NullableProperty(Number) conversionFromFirst!: number | null;
}

export class FunnelBreakdownDto {
  @NullableProperty(String) value!: string | null;
  @ApiProperty({ type: [Number] }) customers!: number[];
}

export class FunnelAnswerDto {
  @ApiProperty({ enum: FUNNEL_MODES }) mode!: string;
  @ApiProperty() windowMinutes!: number;
  @ApiProperty({ type: [FunnelStepResultDto] }) steps!: FunnelStepResultDto[];
  @ApiPropertyOptional({ type: [FunnelBreakdownDto] }) breakdown?: FunnelBreakdownDto[];
}
