import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { createZodDto, idText } from '@omni/platform';
import { z } from 'zod';

export class ExperimentParamsDto extends createZodDto(
  z.strictObject({ experimentId: idText(128).meta({ example: 'checkout-button-2026-03' }) }),
) {}

const weights = z
  .string()
  .max(2_000)
  .regex(
    /^[^:,]+:\d+(\.\d+)?(,[^:,]+:\d+(\.\d+)?)*$/,
    'expected variant:weight pairs, e.g. control:50,treatment:50',
  )
  .transform((text) =>
    Object.fromEntries(
      text.split(',').map((pair) => {
        const [variant, weight] = pair.split(':');
        return [variant, Number(weight)];
      }),
    ),
  );

export class ExperimentQueryDto extends createZodDto(
  z.strictObject({
    control: idText(128).optional().meta({
      description: "The control variant; 'control' when there is one, else the first by name",
    }),
    split: weights.optional().meta({
      description:
        'Expected split for the sample-ratio check (variant:weight,…); equal when absent',
    }),
  }),
) {}

export class VariantDto {
  @ApiProperty() variant!: string;
  @ApiProperty() exposed!: number;
  @ApiProperty() converted!: number;
  @ApiProperty() conversionRate!: number;
  @ApiProperty({ description: 'Order value after first exposure, minor units' }) revenue!: number;
  @ApiProperty() revenuePerUser!: number;
}

export class ComparisonDto {
  @ApiProperty() variant!: string;
  @ApiProperty() control!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Two-proportion z-test on conversion',
  })
  conversion!: Record<string, unknown>;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "Welch's t-test on revenue per user",
  })
  revenuePerUser!: Record<string, unknown>;
}

export class ExperimentReadoutDto {
  @ApiProperty() experimentId!: string;
  @ApiProperty({ enum: ['ok', 'insufficient-sample', 'sample-ratio-mismatch'] }) status!: string;
  @ApiProperty() currency!: string;
  @ApiProperty() confidence!: number;
  @ApiProperty() minSample!: number;
  @ApiProperty({ description: 'Customers exposed to more than one variant, left out' })
  excluded!: number;
  @ApiProperty({ type: [VariantDto] }) variants!: VariantDto[];
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Chi-square sample-ratio check',
  })
  sampleRatio!: Record<string, unknown>;
  @ApiPropertyOptional({ type: [ComparisonDto], description: 'Absent with an insufficient sample' })
  comparisons?: ComparisonDto[];
}
