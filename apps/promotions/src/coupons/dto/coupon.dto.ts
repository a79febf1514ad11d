import { ApiProperty } from '@nestjs/swagger';
import { createZodDto, idText, changeFields, instant, NullableProperty } from '@omni/platform';
import { z } from 'zod';

const couponCode = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{2,63}$/, 'expected 3–64 letters, digits, - or _')
  .meta({ example: 'SAVE50' });

const validity = {
  validFrom: instant.optional(),
  validTo: instant.optional(),
};

const validWindow = <T extends { validFrom?: Date | undefined; validTo?: Date | undefined }>(
  value: T,
) =>
  value.validFrom === undefined || value.validTo === undefined || value.validTo > value.validFrom;

export class CodeParamsDto extends createZodDto(z.strictObject({ code: couponCode })) {}

export class CreateSharedCouponDto extends createZodDto(
  z
    .strictObject({
      code: couponCode,
      maxUses: z
        .int()
        .min(1)
        .max(1_000_000_000)
        .optional()
        .meta({ description: 'Total uses; absent: unlimited' }),
      perCustomerLimit: z.int().min(1).max(1_000).optional(),
      ...validity,
      ...changeFields,
    })
    .refine(validWindow, { message: 'expected validTo after validFrom', path: ['validTo'] }),
) {}
export type CreateSharedCoupon = z.output<typeof CreateSharedCouponDto.schema>;

export class CreateCouponBatchDto extends createZodDto(
  z
    .strictObject({
      prefix: z
        .string()
        .regex(/^[A-Z0-9]{1,16}$/, 'expected 1–16 upper-case letters or digits')
        .default('C'),
      count: z.int().min(1).max(10_000).optional(),
      customerIds: z.array(idText(128)).min(1).max(10_000).optional().meta({
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
    .refine(validWindow, { message: 'expected validTo after validFrom', path: ['validTo'] }),
) {}
export type CreateCouponBatch = z.output<typeof CreateCouponBatchDto.schema>;

export class CouponDto {
  @ApiProperty() code!: string;
  @ApiProperty() campaignId!: string;
  @NullableProperty(String, { required: false }) batchId!: string | null;
  @NullableProperty(String, { required: false }) customerId!: string | null;
  @NullableProperty(Number, { required: false }) maxUses!: number | null;
  @ApiProperty() uses!: number;
  @NullableProperty(Number, { required: false }) perCustomerLimit!: number | null;
  @NullableProperty(String, { required: false }) validFrom!: string | null;
  @NullableProperty(String, { required: false }) validTo!: string | null;
}

export class CouponBatchDto {
  @ApiProperty() batchId!: string;
  @ApiProperty() campaignId!: string;
  @ApiProperty({ type: [CouponDto] }) coupons!: CouponDto[];
}
