import { ApiProperty } from '@nestjs/swagger';
import { changeFields, createZodDto, currencyCode, minorAmount } from '@omni/platform';
import { z } from 'zod';
import { marginPpm } from '../floor';

export class SkuSettingsRequestDto extends createZodDto(
  z.strictObject({
    currency: currencyCode,
    cost: minorAmount.meta({ description: 'Unit cost in minor units', example: 18_500 }),
    minMargin: z
      .union([z.number(), z.string()])
      .refine(
        (value) => marginPpm(value) !== undefined,
        'expected a margin on the selling price from 0 up to (not including) 1, at most 6 decimals, e.g. 0.35',
      )
      .meta({ description: 'Margin on the selling price, e.g. 0.35', example: 0.35 }),
    ceiling: minorAmount.meta({ description: 'Highest price in minor units', example: 99_900 }),
    ...changeFields,
  }),
) {}
export type SkuSettingsRequest = z.output<typeof SkuSettingsRequestDto.schema>;

export class SkuSettingsDto {
  @ApiProperty() sku!: string;
  @ApiProperty() currency!: string;
  @ApiProperty() cost!: number;
  @ApiProperty({ description: 'As a decimal, e.g. "0.35"' }) minMargin!: string;
  @ApiProperty({ description: '⌈cost / (1 − minMargin)⌉ in minor units' }) floor!: number;
  @ApiProperty() ceiling!: number;
  @ApiProperty() updatedAt!: string;
}
