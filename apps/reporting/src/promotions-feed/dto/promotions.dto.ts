import { ApiProperty } from '@nestjs/swagger';
import { createZodDto } from '@omni/platform';
import { z } from 'zod';
import { fromBeforeTo } from '../../http/report-range';

export class PromotionsQueryDto extends createZodDto(
  z
    .strictObject({
      from: z.iso.datetime({ offset: true }).meta({ example: '2026-03-01T00:00:00Z' }),
      to: z.iso
        .datetime({ offset: true })
        .meta({ description: 'Exclusive end', example: '2026-03-08T00:00:00Z' }),
      channel: z.string().min(1).max(64).optional().meta({
        description:
          'Only redemptions of orders placed on this channel and touches on it (offers carry no channel)',
      }),
    })
    .check(fromBeforeTo),
) {}
export type PromotionsQuery = z.output<typeof PromotionsQueryDto.schema>;

export class PromotionRowDto {
  @ApiProperty({ description: 'The promotions campaign the offers and redemptions belong to' })
  campaignId!: string;
  @ApiProperty({ description: 'Offers issued in the range' }) offersIssued!: number;
  @ApiProperty({
    description:
      'Offers issued in the range later redeemed (same coupon code, or the same customer when the offer has none), not fully released',
  })
  offersRedeemed!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'offersRedeemed ÷ offersIssued' })
  conversionRate!: number | null;
  @ApiProperty({ description: 'Redemptions recorded in the range, not fully released' })
  redemptions!: number;
  @ApiProperty({ description: 'Discount given net of releases, minor units' }) discount!: number;
  @ApiProperty({
    description: 'Order totals net of refunds of the uncancelled orders that redeemed, minor units',
  })
  revenue!: number;
  @ApiProperty({ description: 'Impressions of the campaign (marketing.touch)' })
  impressions!: number;
  @ApiProperty({ description: 'Clicks on the campaign (marketing.touch)' }) clicks!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'clicks ÷ impressions' })
  ctr!: number | null;
  @ApiProperty({ description: 'Customers issued an offer or redeeming in the range' })
  customers!: number;
  @ApiProperty({ description: 'Customers with a touch of the campaign in the range' })
  touchedCustomers!: number;
}

export class PromotionsAnswerDto {
  @ApiProperty() currency!: string;
  @ApiProperty({ type: [PromotionRowDto] }) rows!: PromotionRowDto[];
}
