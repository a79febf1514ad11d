import { ApiProperty } from '@nestjs/swagger';
import { JOURNEY_TRIGGERS } from '@omni/contracts';
import { createZodDto, idText, changeFields } from '@omni/platform';
import { z } from 'zod';

const variant = z.strictObject({
  name: idText(64).meta({ example: 'coupon-20' }),
  weight: z.int().min(0).max(10_000),
  batchId: idText(128).meta({
    description:
      "The coupon batch the variant's codes join; a promotion's coupon-code condition names it",
    example: 'win-back-coupon-20',
  }),
});

/** What answers a customer entering a crm segment (customer.segment-changed, joined). */
export const SEGMENT_JOINED = 'segment-joined';

export class CreateOfferRuleDto extends createZodDto(
  z
    .strictObject({
      trigger: z.enum([...JOURNEY_TRIGGERS, SEGMENT_JOINED]).meta({
        description:
          "A crm journey trigger, or segment-joined: a customer entered one of match.segments (crm's customer.segment-changed)",
      }),
      offerReason: z
        .enum(['cart-abandonment', 'win-back', 'member', 'segment', 'birthday'])
        .meta({ description: 'The reason offer.issued carries' }),
      match: z
        .strictObject({
          lifecycleStages: z.array(idText(64)).min(1).max(20).optional(),
          valueTiers: z
            .array(z.enum(['high', 'mid', 'low']))
            .min(1)
            .optional(),
          churnReasons: z
            .array(z.enum(['price-sensitive', 'dissatisfied', 'needs-changed']))
            .min(1)
            .optional(),
          segments: z.array(idText(128)).min(1).max(50).optional(),
        })
        .default({}),
      experimentId: idText(128).meta({ example: 'win-back-2026' }),
      variants: z.array(variant).min(1).max(10),
      validDays: z.int().min(1).max(365).default(7),
      ...changeFields,
    })
    .refine(({ trigger, match }) => trigger !== SEGMENT_JOINED || match.segments !== undefined, {
      message: 'expected match.segments: the segments whose joiners get the offer',
      path: ['match', 'segments'],
    })
    .refine(
      ({ trigger, match }) =>
        trigger !== SEGMENT_JOINED ||
        (match.lifecycleStages === undefined &&
          match.valueTiers === undefined &&
          match.churnReasons === undefined),
      {
        message:
          'a segment-joined rule matches segments only: a segment change carries no lifecycle stage, value tier or churn reason',
        path: ['match'],
      },
    )
    .refine(({ variants }) => variants.some((entry) => entry.weight > 0), {
      message: 'expected a variant with weight above 0',
      path: ['variants'],
    })
    .refine(
      ({ variants }) => new Set(variants.map((entry) => entry.name)).size === variants.length,
      {
        message: 'each variant name may appear once',
        path: ['variants'],
      },
    ),
) {}
export type CreateOfferRule = z.output<typeof CreateOfferRuleDto.schema>;

export class OfferRuleDto {
  @ApiProperty() id!: string;
  @ApiProperty() campaignId!: string;
  @ApiProperty() trigger!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ type: Object }) match!: object;
  @ApiProperty() experimentId!: string;
  @ApiProperty({ type: Object, isArray: true }) variants!: object[];
  @ApiProperty() validDays!: number;
}

export class OfferDto {
  @ApiProperty() id!: string;
  @ApiProperty() campaignId!: string;
  @ApiProperty({ description: "The rule's, under which reporting reads variants out" })
  experimentId!: string;
  @ApiProperty({ description: "The rule's variant the customer fell in, by a stable hash" })
  variant!: string;
  @ApiProperty({ description: 'A code issued to this customer only' }) couponCode!: string;
  @ApiProperty({ description: 'When the journey step that earned the offer happened' })
  validFrom!: string;
  @ApiProperty({ description: "validFrom plus the rule's validDays" }) validTo!: string;
  @ApiProperty() issuedAt!: string;
}
