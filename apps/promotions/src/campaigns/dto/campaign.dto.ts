import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CHANNELS } from '@omni/contracts';
import {
  createZodDto,
  idText,
  changeFields,
  currencyCode,
  instant,
  minorAmount,
  NullableProperty,
  RowAnswer,
} from '@omni/platform';
import { z } from 'zod';
import { AuditEntry } from '../../audit/audit-entry.entity';

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export class CampaignIdParamsDto extends createZodDto(
  z.strictObject({ campaignId: idText(128).meta({ example: 'cmp_3f6c1a' }) }),
) {}

export class CreateCampaignDto extends createZodDto(
  z
    .strictObject({
      name: idText(200).meta({ example: 'Singles Day 2026' }),
      channels: z.array(z.enum(CHANNELS)).min(1).max(CHANNELS.length),
      currency: currencyCode,
      timeZone: idText(64)
        .refine(isTimeZone, 'expected an IANA time zone, e.g. Asia/Shanghai')
        .meta({
          example: 'Asia/Shanghai',
          description: 'The zone the window and time conditions are read in',
        }),
      startsAt: instant.meta({ example: '2026-11-11T00:00:00+08:00' }),
      endsAt: instant.meta({ example: '2026-11-12T00:00:00+08:00' }),
      budget: z
        .strictObject({
          amount: minorAmount.optional().meta({ description: 'Total discount money, minor units' }),
          redemptions: z.int().min(0).max(1_000_000_000).optional(),
        })
        .optional(),
      allowBelowFloor: z
        .boolean()
        .default(false)
        .meta({ description: "Lets promotions sell below pricing's floor for a SKU (audited)" }),
      ...changeFields,
    })
    .refine(({ startsAt, endsAt }) => endsAt > startsAt, {
      message: 'expected endsAt after startsAt',
      path: ['endsAt'],
    }),
) {}
export type CreateCampaign = z.output<typeof CreateCampaignDto.schema>;

const ruleRef = z.strictObject({
  code: idText(64).meta({ example: 'min-subtotal' }),
  args: z.record(z.string(), z.unknown()).default({}),
});

export class AddPromotionDto extends createZodDto(
  z.strictObject({
    name: idText(200).meta({ example: '滿300減50' }),
    priority: z.int().min(-1_000_000).max(1_000_000).meta({ description: 'Higher applies first' }),
    conditions: z.array(ruleRef).max(20).default([]),
    actions: z.array(ruleRef).min(1).max(20),
    stopsFurtherPromotions: z.boolean().default(false),
    exclusiveGroup: idText(64)
      .optional()
      .meta({ description: 'Only the best member of a group applies' }),
    ...changeFields,
  }),
) {}
export type AddPromotion = z.output<typeof AddPromotionDto.schema>;

export class RuleRefDto {
  @ApiProperty() code!: string;
  @ApiProperty({ type: Object }) args!: Record<string, unknown>;
}

export class FlashUnitsDto {
  @ApiProperty({ description: 'The unit cap of its flash-price action' }) cap!: number;
  @ApiProperty({ description: 'Units sold at the flash price by recorded orders' }) sold!: number;
}

export class PromotionDto {
  @ApiProperty() id!: string;
  @ApiProperty() campaignId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() priority!: number;
  @ApiProperty({ type: [RuleRefDto] }) conditions!: RuleRefDto[];
  @ApiProperty({ type: [RuleRefDto] }) actions!: RuleRefDto[];
  @ApiProperty() stopsFurtherPromotions!: boolean;
  @NullableProperty(String, { required: false }) exclusiveGroup!: string | null;
  @ApiPropertyOptional({ type: FlashUnitsDto, description: 'Only for a flash-price promotion' })
  flashUnits?: FlashUnitsDto;
}

export class BudgetDto {
  @NullableProperty(Number, { required: false }) amount!: number | null;
  @NullableProperty(Number, { required: false }) redemptions!: number | null;
  @ApiProperty() spentAmount!: number;
  @ApiProperty() redeemed!: number;
}

export class CampaignDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String] }) channels!: string[];
  @ApiProperty() currency!: string;
  @ApiProperty() timeZone!: string;
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
  @ApiProperty({ type: BudgetDto }) budget!: BudgetDto;
  @ApiProperty() allowBelowFloor!: boolean;
  @ApiProperty({ enum: ['draft', 'approved', 'live', 'ended'] }) status!: string;
  @ApiProperty() author!: string;
  @NullableProperty(String, { required: false }) approvedBy!: string | null;
  @ApiProperty({ type: [PromotionDto] }) promotions!: PromotionDto[];
}

export class OverlapWarningDto {
  @ApiProperty() campaignId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() explanation!: string;
}

export class ApprovedCampaignDto extends CampaignDto {
  @ApiProperty({
    type: [OverlapWarningDto],
    description:
      'Approved or live campaigns on the same SKUs, channels and audience at the same time',
  })
  warnings!: OverlapWarningDto[];
}

export class AuditEntryDto extends RowAnswer(AuditEntry, {
  omit: ['id', 'subject'],
  properties: { details: { type: Object } },
}) {}

export class RuleDescriptionDto {
  @ApiProperty() code!: string;
  @ApiProperty() description!: string;
}

export class RuleCatalogDto {
  @ApiProperty({ type: [RuleDescriptionDto] }) conditions!: RuleDescriptionDto[];
  @ApiProperty({ type: [RuleDescriptionDto] }) actions!: RuleDescriptionDto[];
}
