import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { createZodDto, idText, NullableProperty } from '@omni/platform';
import { z } from 'zod';
import { countryCode, currencyCode, groupName, instant, skuText } from '../../http/change-request';

export class SelectRequestDto extends createZodDto(
  z.strictObject({
    skus: z.array(skuText).min(1).max(10_000),
    currency: currencyCode,
    channel: idText(64).meta({ example: 'tmall' }),
    customerGroups: z.array(groupName).max(50).default([]),
    country: countryCode.optional(),
    at: instant.optional().meta({ description: 'Default: now' }),
    quantity: z.int().min(1).max(1_000_000).default(1),
    explain: z.boolean().default(true).meta({
      description:
        'Default true: every candidate that lost, with the reason. false: the selected price only, with no `rejected` list (the checkout path: a fraction of the work and of the answer)',
    }),
  }),
) {}
export type SelectRequest = z.output<typeof SelectRequestDto.schema>;

class MoneyDto {
  @ApiProperty({ description: 'Per unit, in minor units (fen for CNY)' }) amount!: number;
  @ApiProperty() currency!: string;
}

class RejectedDto {
  @ApiProperty() priceId!: string;
  @ApiProperty() priceListId!: string;
  @ApiProperty({ description: 'Per unit at the requested quantity, in minor units' })
  amount!: number;
  @ApiProperty({
    description:
      'Why it lost, in words: a scope or window it does not match, a less specific scope than the selected price, or not lower than an equally specific one',
  })
  reason!: string;
}

class FairnessDto {
  @ApiProperty() memberPrice!: number;
  @ApiProperty() baselinePrice!: number;
  @NullableProperty(String) baselineGroup!: string | null;
  @ApiProperty({ description: 'The member price was above the baseline and was lowered to it' })
  corrected!: boolean;
}

export class SelectedSkuDto {
  @ApiProperty() sku!: string;
  @ApiProperty({ enum: ['priced', 'no_price'] }) status!: 'priced' | 'no_price';
  @ApiPropertyOptional({ type: MoneyDto }) price?: MoneyDto;
  @ApiPropertyOptional() priceId?: string;
  @ApiPropertyOptional() priceListId?: string;
  @ApiPropertyOptional({
    enum: ['customer-group+channel', 'customer-group', 'channel', 'unscoped'],
  })
  level?: string;
  @ApiPropertyOptional({ description: 'The matched price is specific to the requested country' })
  countryMatched?: boolean;
  @ApiPropertyOptional() dated?: boolean;
  @ApiPropertyOptional({
    type: [RejectedDto],
    description: 'Every candidate that lost and why; absent when the request says `explain: false`',
  })
  rejected?: readonly RejectedDto[];
  @NullableProperty(Number) floor!: number | null;
  @NullableProperty(Number) ceiling!: number | null;
  @ApiProperty({
    type: MoneyDto,
    nullable: true,
    description: 'Lowest price of the 30 days before the current reduction',
  })
  referencePrice!: MoneyDto | null;
  @NullableProperty(String) reductionStartedAt!: string | null;
  @ApiPropertyOptional({ type: FairnessDto }) fairness?: FairnessDto;
}

export class SelectResponseDto {
  @ApiProperty() at!: string;
  @ApiProperty({ type: [SelectedSkuDto] }) prices!: SelectedSkuDto[];
}
