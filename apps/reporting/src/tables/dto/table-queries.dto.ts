import { ApiProperty } from '@nestjs/swagger';
import { createZodDto, pageLimit } from '@omni/platform';
import { z } from 'zod';
import { fromBeforeTo } from '../../http/report-range';
import { FUNNEL_MODES } from '../../funnels/funnel';

const range = {
  from: z.iso.datetime({ offset: true }).meta({ example: '2026-03-01T00:00:00Z' }),
  to: z.iso
    .datetime({ offset: true })
    .meta({ description: 'Exclusive end', example: '2026-03-08T00:00:00Z' }),
};
const channel = z.string().min(1).max(64).optional().meta({ description: 'Only this channel' });
const campaign = z
  .string()
  .min(1)
  .max(128)
  .optional()
  .meta({ description: 'Only this campaign id' });
const limit = pageLimit();

export class FunnelTableQueryDto extends createZodDto(
  z
    .strictObject({
      ...range,
      mode: z.enum(FUNNEL_MODES).default('ordered'),
      windowMinutes: z.coerce.number().int().min(1).max(525_600).optional().meta({
        description: 'Conversion window (REPORTING_FUNNEL_WINDOW_MINUTES when absent)',
      }),
      channel: channel.meta({ description: 'Only events of this channel, at every step' }),
      campaign: campaign.meta({
        description: 'Only customers whose best attempt started on this campaign',
      }),
    })
    .check(fromBeforeTo),
) {}
export type FunnelTableQuery = z.output<typeof FunnelTableQueryDto.schema>;

export class AttributionTableQueryDto extends createZodDto(
  z
    .strictObject({
      ...range,
      lookbackDays: z.coerce.number().int().min(1).max(365).optional(),
      halfLifeDays: z.coerce.number().min(0.1).max(365).optional(),
      channel: channel.meta({ description: 'Only orders placed on this channel' }),
      campaign: campaign.meta({ description: 'Only the credits of this campaign’s touches' }),
    })
    .check(fromBeforeTo),
) {}
export type AttributionTableQuery = z.output<typeof AttributionTableQueryDto.schema>;

export class RetentionTableQueryDto extends createZodDto(
  z
    .strictObject({
      ...range,
      cohort: z.enum(['first-order', 'sign-up']).default('first-order'),
      period: z.enum(['week', 'month']).default('week'),
      periods: z.coerce.number().int().min(1).max(60).default(8),
    })
    .check(fromBeforeTo),
) {}
export type RetentionTableQuery = z.output<typeof RetentionTableQueryDto.schema>;

export class ExperimentsTableQueryDto extends createZodDto(
  z.strictObject({
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(100)
      .default(20)
      .meta({ description: 'Most recently exposed experiments' }),
  }),
) {}

export class AlertsTableQueryDto extends createZodDto(
  z.strictObject({
    status: z.enum(['open', 'acknowledged', 'all']).default('all'),
    limit,
    channel,
    campaign,
  }),
) {}
export type AlertsTableQuery = z.output<typeof AlertsTableQueryDto.schema>;

export class DecisionsTableQueryDto extends createZodDto(z.strictObject({ limit, channel })) {}
export type DecisionsTableQuery = z.output<typeof DecisionsTableQueryDto.schema>;

export class TableRowDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { nullable: true },
    description: 'Cells by column; a hidden cell is null',
  })
  cells!: Record<string, string | number | boolean | null>;
  @ApiProperty({
    type: [String],
    description: 'Columns hidden because they are about too few customers',
  })
  suppressed!: string[];
}

export class ReportTableDto {
  @ApiProperty() table!: string;
  @ApiProperty({ type: [String] }) columns!: string[];
  @ApiProperty({ type: [TableRowDto] }) rows!: TableRowDto[];
  @ApiProperty({
    description: 'k (REPORTING_MIN_CELL_CUSTOMERS): cells about 1 to k − 1 customers are hidden',
  })
  minCellCustomers!: number;
}
