import { ApiProperty } from '@nestjs/swagger';
import {
  createZodDto,
  changeFields,
  instant,
  NullableProperty,
  validToAfterValidFrom,
} from '@omni/platform';
import { z } from 'zod';

const couponCode = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{2,63}$/, 'expected 3–64 letters, digits, - or _')
  .meta({ example: 'SAVE50' });

export const validity = {
  validFrom: instant.optional(),
  validTo: instant.optional(),
};

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
    .refine(validToAfterValidFrom, {
      message: 'expected validTo after validFrom',
      path: ['validTo'],
    }),
) {}
export type CreateSharedCoupon = z.output<typeof CreateSharedCouponDto.schema>;

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
