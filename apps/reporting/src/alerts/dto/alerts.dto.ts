import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { createZodDto, idText } from '@omni/platform';
import { z } from 'zod';
import { KPI_METRICS } from '../../kpis/kpi-metrics';

const common = {
  name: z.string().min(1).max(200).meta({ example: 'Douyin orders collapse' }),
  metric: z.enum(KPI_METRICS),
  interval: z.enum(['hour', 'day']).default('hour'),
  channel: z.string().min(1).max(64).nullable().default(null),
  campaignId: z.string().min(1).max(128).nullable().default(null),
  cooldownMinutes: z.number().int().min(0).max(10_080).default(60),
  severity: z.enum(['info', 'warning', 'critical']).default('warning'),
};

export class CreateAlertRuleDto extends createZodDto(
  z
    .strictObject({
      kind: z.enum(['threshold', 'anomaly']),
      ...common,
      comparator: z
        .enum(['above', 'below'])
        .optional()
        .meta({ description: 'Threshold rules: breach above or below' }),
      threshold: z.number().finite().optional(),
      bandWidth: z
        .number()
        .min(0.5)
        .max(10)
        .optional()
        .meta({ description: 'Anomaly rules: k in mean ± k·sd (3)' }),
      historyWindows: z
        .number()
        .int()
        .min(3)
        .max(90)
        .optional()
        .meta({ description: 'Anomaly rules: earlier windows (7)' }),
    })
    .refine(
      (rule) =>
        rule.kind !== 'threshold' ||
        (rule.comparator !== undefined && rule.threshold !== undefined),
      {
        message: 'a threshold rule needs a comparator and a threshold',
        path: ['threshold'],
      },
    )
    .refine(
      (rule) =>
        rule.kind !== 'anomaly' || (rule.comparator === undefined && rule.threshold === undefined),
      {
        message:
          'an anomaly rule takes a bandWidth and historyWindows, not a comparator or threshold',
        path: ['kind'],
      },
    ),
) {}
export type CreateAlertRule = z.output<typeof CreateAlertRuleDto.schema>;

export class RuleParamsDto extends createZodDto(z.strictObject({ ruleId: idText(128) })) {}
export class AlertParamsDto extends createZodDto(z.strictObject({ alertId: idText(128) })) {}

export class AlertListQueryDto extends createZodDto(
  z.strictObject({
    status: z.enum(['open', 'acknowledged', 'all']).default('open'),
    limit: z.coerce.number().int().min(1).max(1_000).default(100),
  }),
) {}

export class AcknowledgeDto extends createZodDto(
  z.strictObject({ actor: z.string().min(1).max(200).meta({ example: 'ops:li.wei' }) }),
) {}

export class AlertRuleDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['threshold', 'anomaly'] }) kind!: string;
  @ApiProperty() metric!: string;
  @ApiProperty({ enum: ['hour', 'day'] }) interval!: string;
  @ApiProperty({ type: String, nullable: true }) channel!: string | null;
  @ApiProperty({ type: String, nullable: true }) campaignId!: string | null;
  @ApiProperty({ type: String, nullable: true }) comparator!: string | null;
  @ApiProperty({ type: Number, nullable: true }) threshold!: number | null;
  @ApiProperty({ type: Number, nullable: true }) bandWidth!: number | null;
  @ApiProperty({ type: Number, nullable: true }) historyWindows!: number | null;
  @ApiProperty() cooldownMinutes!: number;
  @ApiProperty({ enum: ['info', 'warning', 'critical'] }) severity!: string;
  @ApiProperty() enabled!: boolean;
}

export class AlertDto {
  @ApiProperty() id!: string;
  @ApiProperty() ruleId!: string;
  @ApiProperty() ruleName!: string;
  @ApiProperty() windowStart!: Date;
  @ApiProperty() windowEnd!: Date;
  @ApiProperty() metric!: string;
  @ApiProperty() value!: number;
  @ApiProperty({ type: Number, nullable: true }) threshold!: number | null;
  @ApiProperty({ type: Number, nullable: true }) lowerBound!: number | null;
  @ApiProperty({ type: Number, nullable: true }) upperBound!: number | null;
  @ApiProperty() severity!: string;
  @ApiProperty() message!: string;
  @ApiProperty() raisedAt!: Date;
  @ApiPropertyOptional({ type: Date, nullable: true }) acknowledgedAt!: Date | null;
  @ApiPropertyOptional({ type: String, nullable: true }) acknowledgedBy!: string | null;
  @ApiPropertyOptional({ type: Date, nullable: true }) escalatedAt!: Date | null;
  @ApiProperty({ type: String, nullable: true }) channel!: string | null;
  @ApiProperty({ type: String, nullable: true }) campaignId!: string | null;
}
