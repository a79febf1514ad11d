import { ApiProperty } from '@nestjs/swagger';
import { changeFields, createZodDto, instant, NullableProperty } from '@omni/platform';
import { z } from 'zod';
import { groupName, skuText } from '../../http/change-request';

export class CreateExemptionDto extends createZodDto(
  z
    .strictObject({
      baselineGroup: groupName.meta({ example: 'new' }),
      sku: skuText.optional().meta({ description: 'Default: every SKU' }),
      validFrom: instant.optional(),
      validTo: instant.optional(),
      ...changeFields,
    })
    .refine(
      (value) =>
        value.validFrom === undefined ||
        value.validTo === undefined ||
        value.validTo > value.validFrom,
      { message: 'validTo must be after validFrom', path: ['validTo'] },
    ),
) {}

export class ExemptionDto {
  @ApiProperty() id!: string;
  @ApiProperty() baselineGroup!: string;
  @NullableProperty(String) sku!: string | null;
  @NullableProperty(String) validFrom!: string | null;
  @NullableProperty(String) validTo!: string | null;
  @ApiProperty() actor!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() createdAt!: string;
}
