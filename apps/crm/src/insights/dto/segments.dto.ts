import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { createZodDto, freeText, idText, pageLimit } from '@omni/platform';
import { z } from 'zod';
import { segmentRuleSchema } from '../segments/segment-rule';

export class CreateSegmentDto extends createZodDto(
  z.strictObject({
    name: freeText(200).meta({ example: 'VIPs slipping away' }),
    rule: segmentRuleSchema.meta({
      description:
        'A JSON rule tree: { all: [...] }, { any: [...] }, { not: rule } or a condition { field, op, value }. Fields: lifecycle, valueTier, churnReason (op eq, neq, in), rfm.r, rfm.f, rfm.m, orders, netSpendMinor, clvPredictedMinor, daysSinceActivity (op eq, neq, gt, gte, lt, lte), and profile traits as traits.<name> (op eq, neq, in; gt, gte, lt, lte on numbers; a list trait matches when any of its values does; an unset trait matches only neq).',
      example: {
        all: [
          { field: 'valueTier', op: 'eq', value: 'high' },
          { field: 'lifecycle', op: 'in', value: ['at-risk', 'churned-short'] },
        ],
      },
    }),
    actor: idText(200).meta({ example: 'ops:li.wei' }),
  }),
) {}

export class SegmentIdParamsDto extends createZodDto(
  z.strictObject({ segmentId: idText(128).meta({ example: 'seg_1b0c…' }) }),
) {}

export class MembersQueryDto extends createZodDto(
  z.strictObject({
    after: idText(128)
      .optional()
      .meta({ description: 'The last customerId of the previous page.' }),
    limit: pageLimit(),
  }),
) {}

export class SegmentDto {
  @ApiProperty() segmentId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: Object, description: 'The rule tree as created.' }) rule!: unknown;
  @ApiProperty() createdBy!: string;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional({ description: 'Current members.' }) members?: number;
}

export class SegmentMemberDto {
  @ApiProperty() customerId!: string;
  @ApiProperty() joinedAt!: string;
}

export class SegmentMembersDto {
  @ApiProperty() segmentId!: string;
  @ApiProperty({ type: [SegmentMemberDto] }) members!: SegmentMemberDto[];
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Pass as `after` for the next page; null on the last page.',
  })
  next!: string | null;
}
