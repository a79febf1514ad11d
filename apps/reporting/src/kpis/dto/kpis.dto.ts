import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { createZodDto } from '@omni/platform';
import { z } from 'zod';
import { fromBeforeTo } from '../../http/report-range';
import { KPI_METRICS } from '../kpi-metrics';

const isTimeZone = (value: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
};

const list = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .max(2_000)
    .transform((text) =>
      text
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== ''),
    )
    .pipe(z.array(z.enum(values)));

const names = z
  .string()
  .max(4_000)
  .transform((text) =>
    text
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  )
  .pipe(z.array(z.string().min(1).max(128)).max(100));

export const GROUP_BY = ['channel', 'campaign'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export class KpiQueryDto extends createZodDto(
  z
    .strictObject({
      metrics: list(KPI_METRICS)
        .optional()
        .meta({
          description: `Comma-separated; every metric when absent. One of: ${KPI_METRICS.join(', ')}`,
          example: 'orders,gmvGross,aov,conversionRate',
        }),
      groupBy: list(GROUP_BY).optional().meta({
        description: 'Comma-separated dimensions besides time: channel, campaign',
        example: 'channel',
      }),
      interval: z.enum(['hour', 'day']).default('day'),
      from: z.iso.datetime({ offset: true }).meta({ example: '2026-06-01T00:00:00Z' }),
      to: z.iso.datetime({ offset: true }).meta({
        description: 'Exclusive end; a bucket is in the range when its start is',
        example: '2026-06-08T00:00:00Z',
      }),
      tz: z
        .string()
        .max(64)
        .refine(isTimeZone, 'expected an IANA time zone such as Asia/Shanghai')
        .default('UTC')
        .meta({
          description: 'Time zone buckets are cut in (storage is UTC)',
          example: 'Asia/Shanghai',
        }),
      channel: names.optional().meta({ description: 'Only these channels (comma-separated)' }),
      campaign: names
        .optional()
        .meta({ description: "Only these campaign ids (comma-separated; 'none' for no campaign)" }),
    })
    .check(fromBeforeTo),
) {}
export type KpiQuery = z.output<typeof KpiQueryDto.schema>;

export class KpiRowDto {
  @ApiProperty({ description: 'Start of the bucket in the requested time zone, as an instant' })
  bucketStart!: string;
  @ApiPropertyOptional() channel?: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'null: no campaign' })
  campaignId?: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number', nullable: true },
    description:
      'Requested metrics; money in minor units of currency; a ratio over nothing is null',
  })
  metrics!: Record<string, number | null>;
}

export class FreshnessDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Latest event time applied from the resolved-events topic',
  })
  eventTime!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'When reporting last applied a batch' })
  appliedAt!: string | null;
}

export class KpiAnswerDto {
  @ApiProperty() currency!: string;
  @ApiProperty() interval!: string;
  @ApiProperty() tz!: string;
  @ApiProperty({ type: [KpiRowDto] }) rows!: KpiRowDto[];
  @ApiProperty({ type: FreshnessDto }) freshness!: FreshnessDto;
}
