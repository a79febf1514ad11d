import { ApiProperty } from '@nestjs/swagger';
import { createZodDto, changeFields, customerIdText, validToAfterValidFrom } from '@omni/platform';
import { z } from 'zod';
import { CouponDto, validity } from './coupon.dto';

/** Codes issued many at a time: one per listed customer, or a number of anonymous ones. */
export class CreateCouponBatchDto extends createZodDto(
  z
    .strictObject({
      prefix: z
        .string()
        .regex(/^[A-Z0-9]{1,16}$/, 'expected 1–16 upper-case letters or digits')
        .default('C'),
      count: z.int().min(1).max(10_000).optional(),
      customerIds: z.array(customerIdText).min(1).max(10_000).optional().meta({
        description:
          'One code issued to each customer (only they can use it); else `count` anonymous codes',
      }),
      usesPerCode: z.int().min(1).max(1_000).default(1),
      ...validity,
      ...changeFields,
    })
    .refine((batch) => (batch.count === undefined) !== (batch.customerIds === undefined), {
      message: 'expected either count or customerIds',
      path: ['count'],
    })
    .refine(validToAfterValidFrom, {
      message: 'expected validTo after validFrom',
      path: ['validTo'],
    }),
) {}
export type CreateCouponBatch = z.output<typeof CreateCouponBatchDto.schema>;

export class CouponBatchDto {
  @ApiProperty() batchId!: string;
  @ApiProperty() campaignId!: string;
  @ApiProperty({ type: [CouponDto] }) coupons!: CouponDto[];
}
