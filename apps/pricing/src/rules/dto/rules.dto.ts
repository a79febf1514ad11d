import { ApiProperty } from '@nestjs/swagger';
import {
  changeFields,
  createZodDto,
  idText,
  instant,
  NullableProperty,
  RowAnswer,
} from '@omni/platform';
import { z } from 'zod';
import { skuText } from '../../http/change-request';
import { PricingRuleEntity } from '../pricing-rule.entity';

export class AttachRuleDto extends createZodDto(
  z.strictObject({
    sku: skuText,
    rule: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,63}$/, 'expected a rule code, e.g. competitor')
      .meta({ description: 'stock, demand, competitor or scheduled', example: 'competitor' }),
    args: z.record(z.string(), z.unknown()).meta({
      description: "The rule's typed arguments (see GET /v1/rules/catalog)",
      example: { beatBy: 100, maxAgeMinutes: 60, maxReduction: 5_000 },
    }),
    channel: idText(64).optional().meta({ description: 'Default: every channel' }),
    priority: z.int().min(0).max(10_000).default(100).meta({ description: 'Lower runs first' }),
    ...changeFields,
  }),
) {}

export class RulesQueryDto extends createZodDto(z.strictObject({ sku: skuText })) {}

export class DryRunDto extends createZodDto(
  z.strictObject({
    skus: z.array(skuText).min(1).max(1_000),
    at: instant.optional().meta({ description: 'Default: now' }),
  }),
) {}

export class AttachedRuleDto extends RowAnswer(PricingRuleEntity, {
  properties: { args: { type: 'object', additionalProperties: true } },
}) {}

export class RuleRunDto {
  @ApiProperty() sku!: string;
  @NullableProperty(String) currency!: string | null;
  @NullableProperty(String) channel!: string | null;
  @NullableProperty(Number) listPrice!: number | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The signals the rules read',
  })
  signals!: object;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'evaluations (each rule’s proposal and explanation) and the decision: apply (with clamped), clear, unchanged, rate-limited or skipped',
  })
  outcome!: object;
}

export class RuleCatalogEntryDto {
  @ApiProperty() code!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'JSON Schema of args' })
  args!: object;
}
