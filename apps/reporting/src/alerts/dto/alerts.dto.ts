import { ApiProperty } from '@nestjs/swagger';
import { createZodDto, pageLimit, idParams, NullableProperty } from '@omni/platform';
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

export class RuleParamsDto extends createZodDto(idParams('ruleId')) {}
export class AlertParamsDto extends createZodDto(idParams('alertId')) {}

export class AlertListQueryDto extends createZodDto(
  z.strictObject({
    status: z.enum(['open', 'acknowledged', 'all']).default('open'),
    limit: pageLimit(),
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
  @NullableProperty(String) channel!: string | null;
  @NullableProperty(String) campaignId!: string | null;
  @NullableProperty(String) comparator!: string | null;
  @NullableProperty(Number) threshold!: number | null;
  @NullableProperty(Number) bandWidth!: number | null;
  @NullableProperty(Number) historyWindows!: number | null;
  @ApiProperty() cooldownMinutes!: number;
  @ApiProperty({ enum: ['info', 'warning', 'critical'] }) severity!: string;
  @ApiProperty() enabled!: boolean;
}

export class AlertDto {
  @ApiProperty() id!: string;
  @ApiProperty() ruleId!: string;
  @ApiProperty({ description: 'The name of the rule that raised it' }) ruleName!: string;
  @ApiProperty({ description: "The hour or day (the rule's interval) the value is of" })
  windowStart!: Date;
  @ApiProperty({ description: 'Exclusive' }) windowEnd!: Date;
  @ApiProperty() metric!: string;
  @ApiProperty({ description: "The KPI's value in that window" }) value!: number;
  @NullableProperty(Number) threshold!: number | null;
  @NullableProperty(Number) lowerBound!: number | null;
  @NullableProperty(Number) upperBound!: number | null;
  @ApiProperty() severity!: string;
  @ApiProperty() message!: string;
  @ApiProperty() raisedAt!: Date;
  @NullableProperty(Date, { required: false }) acknowledgedAt!: Date | null;
  @NullableProperty(String, { required: false }) acknowledgedBy!: string | null;
  @NullableProperty(Date, { required: false }) escalatedAt!: Date | null;
  @NullableProperty(String) channel!: string | null;
  @NullableProperty(String) campaignId!: string | null;
}
