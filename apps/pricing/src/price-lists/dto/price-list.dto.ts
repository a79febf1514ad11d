import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  changeFields,
  createZodDto,
  currencyCode,
  freeText,
  idText,
  instant,
  minorAmount,
  RowAnswer,
  validToAfterValidFrom,
} from '@omni/platform';
import { z } from 'zod';
import { countryCode, groupName, skuText } from '../../http/change-request';
import { PriceList } from '../price-list.entity';
import { Price } from '../price.entity';

const windowMessage = { message: 'validTo must be after validFrom', path: ['validTo'] };

export const priceInput = z
  .strictObject({
    sku: skuText,
    amount: minorAmount.meta({ example: 72_200 }),
    currency: currencyCode,
    channel: idText(64).optional().meta({ example: 'tmall' }),
    customerGroup: groupName.optional(),
    country: countryCode.optional(),
    validFrom: instant.optional(),
    validTo: instant.optional(),
    quantityTiers: z
      .array(
        z.strictObject({
          minQuantity: z.int().min(2, 'a tier starts at 2 units or more'),
          amount: minorAmount,
        }),
      )
      .max(20)
      .refine(
        (tiers) => new Set(tiers.map((tier) => tier.minQuantity)).size === tiers.length,
        'each tier needs its own minQuantity',
      )
      .default([]),
  })
  .refine(validToAfterValidFrom, windowMessage);
export type PriceInput = z.output<typeof priceInput>;

export const MAX_PRICES_PER_REQUEST = 10_000;

export class CreatePriceListDto extends createZodDto(
  z
    .strictObject({
      name: freeText(200).meta({ example: '618 Tmall' }),
      validFrom: instant.optional(),
      validTo: instant.optional(),
      prices: z.array(priceInput).max(MAX_PRICES_PER_REQUEST).default([]),
      ...changeFields,
    })
    .refine(validToAfterValidFrom, windowMessage),
) {}
export type CreatePriceList = z.output<typeof CreatePriceListDto.schema>;

export class AddPricesDto extends createZodDto(
  z.strictObject({
    prices: z.array(priceInput).min(1).max(MAX_PRICES_PER_REQUEST),
    ...changeFields,
  }),
) {}

export class PriceDto extends RowAnswer(Price, {
  omit: ['priceListId'],
  properties: {
    amount: { type: Number },
    quantityTiers: { type: 'array', items: { type: 'object' } },
  },
}) {}

export class PriceListDto extends RowAnswer(PriceList, {
  properties: { status: { enum: ['draft', 'published', 'archived'] } },
}) {
  @ApiProperty() priceCount!: number;
  @ApiPropertyOptional({ type: [PriceDto] }) prices?: PriceDto[];
}
