import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CHANNELS } from '@omni/contracts';
import { createZodDto, idText, currencyCode, minorAmount, NullableProperty } from '@omni/platform';
import { z } from 'zod';

const quoteLine = z.strictObject({
  lineId: idText(64).meta({ example: 'line-1' }),
  sku: idText(64).meta({ example: 'LUM-SERUM-50ML' }),
  quantity: z.int().min(1).max(10_000),
  unitPrice: minorAmount.optional().meta({
    description:
      "Minor units; without it the price comes from promotions' read model of price.changed",
  }),
  categories: z.array(idText(200)).max(20).optional(),
});

export class QuoteRequestDto extends createZodDto(
  z
    .strictObject({
      channel: z.enum(CHANNELS),
      currency: currencyCode,
      customerId: idText(128).optional(),
      lines: z.array(quoteLine).min(1).max(10_000),
      couponCodes: z.array(idText(64)).max(20).optional(),
      shipping: minorAmount.optional().meta({ description: 'Shipping charge, minor units' }),
    })
    .refine(({ lines }) => new Set(lines.map((line) => line.lineId)).size === lines.length, {
      message: 'each lineId may appear once',
      path: ['lines'],
    }),
) {}
export type QuoteRequest = z.output<typeof QuoteRequestDto.schema>;

class QuoteLineDto {
  @ApiProperty() lineId!: string;
  @ApiProperty() sku!: string;
  @ApiProperty() quantity!: number;
  @ApiProperty({ description: "Pricing's price for one unit, in minor units" }) unitPrice!: number;
  @ApiProperty({ description: 'unitPrice × quantity' }) subtotal!: number;
  @ApiProperty({
    description:
      "The sum of the applied promotions' discounts on this line; each is listed once, under its promotion in `applied[].lineDiscounts`",
  })
  discount!: number;
  @ApiProperty() total!: number;
}

class GiftDto {
  @ApiProperty() promotionId!: string;
  @ApiProperty() sku!: string;
  @ApiProperty() quantity!: number;
}

/** The cart's totals, all in minor units: total = subtotal − discount + shipping − shippingDiscount. */
class TotalsDto {
  @ApiProperty({ description: "The lines' subtotals" }) subtotal!: number;
  @ApiProperty({ description: "The lines' discounts" }) discount!: number;
  @ApiProperty() shipping!: number;
  @ApiProperty() shippingDiscount!: number;
  @ApiProperty({ description: 'subtotal − discount + shipping − shippingDiscount' }) total!: number;
}

class AppliedDto {
  @ApiProperty() promotionId!: string;
  @ApiProperty() campaignId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() amount!: number;
  @ApiProperty() lineDiscount!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { 'line-1': 2000, 'line-2': 1500 },
    description:
      'What it took off each line it touched, keyed by lineId, in minor units (a line it left alone is not a key); they add up to lineDiscount',
  })
  lineDiscounts!: Record<string, number>;
  @ApiProperty() shippingDiscount!: number;
  @ApiPropertyOptional({
    description: 'Units at its flash price, for a promotion with a unit cap (flash-price)',
  })
  units?: number;
  @ApiProperty() explanation!: string;
}

class NotAppliedDto {
  @ApiProperty() promotionId!: string;
  @ApiProperty() campaignId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({
    enum: [
      'audience-mismatch',
      'below-threshold',
      'no-qualifying-items',
      'channel-mismatch',
      'currency-mismatch',
      'coupon-missing',
      'coupon-limit-reached',
      'outside-window',
      'budget-exhausted',
      'stopped-by-earlier-promotion',
      'lost-to-better-group-member',
      'floor-reached',
      'no-effect',
      'not-live',
    ],
  })
  reason!: string;
  @ApiProperty() explanation!: string;
}

class FairnessDto {
  @ApiProperty() adjusted!: boolean;
  @ApiProperty() explanation!: string;
}

class CouponRefusalDto {
  @ApiProperty() code!: string;
  @ApiProperty() reason!: string;
}

export class QuoteDto {
  @ApiProperty() channel!: string;
  @ApiProperty() currency!: string;
  @ApiProperty() at!: string;
  @NullableProperty(String, { required: false }) customerId!: string | null;
  @ApiProperty({ type: [QuoteLineDto], description: 'In lineId order' }) lines!: QuoteLineDto[];
  @ApiProperty({ type: [GiftDto] }) gifts!: GiftDto[];
  @ApiProperty({ type: TotalsDto }) totals!: TotalsDto;
  @ApiProperty({ type: [AppliedDto] }) applied!: AppliedDto[];
  @ApiProperty({ type: [NotAppliedDto] }) notApplied!: NotAppliedDto[];
  @ApiProperty({ type: FairnessDto }) fairness!: FairnessDto;
  @ApiProperty({
    type: [CouponRefusalDto],
    description: 'Presented codes that cannot be used, and why',
  })
  refusedCoupons!: CouponRefusalDto[];
  @ApiProperty({
    description: 'SHA-256 of the quote: the same cart at the same instant gives the same hash',
  })
  hash!: string;
}
