import { ApiProperty } from '@nestjs/swagger';
import { CHANNELS, CONSENT_PURPOSES } from '@omni/contracts';
import { createZodDto, idText, NullableProperty } from '@omni/platform';
import { z } from 'zod';

const decision = z.strictObject({
  channel: z
    .enum(CHANNELS)
    .meta({ example: 'sms', description: 'The channel contacts go out on.' }),
  purpose: z.enum(CONSENT_PURPOSES).meta({ example: 'marketing' }),
  granted: z.boolean(),
});

export class PutConsentDto extends createZodDto(
  z
    .strictObject({
      consents: z.array(decision).min(1).max(100).meta({
        description: 'Decisions per channel and purpose; slots not listed keep their decision.',
      }),
      policyVersion: idText(64).optional().meta({ example: '2025-03' }),
      actor: idText(200).meta({ example: 'ops:li.wei' }),
    })
    .refine(
      ({ consents }) =>
        new Set(consents.map((c) => `${c.channel}/${c.purpose}`)).size === consents.length,
      { message: 'each channel and purpose may appear once', path: ['consents'] },
    ),
) {}
export type PutConsent = z.output<typeof PutConsentDto.schema>;

export class ConsentDto {
  @ApiProperty({ example: 'sms' }) channel!: string;
  @ApiProperty({ enum: CONSENT_PURPOSES }) purpose!: string;
  @ApiProperty() granted!: boolean;
  @NullableProperty(String, { required: false }) policyVersion!: string | null;
  @ApiProperty({ description: 'When the decision was made (event time).' }) occurredAt!: string;
  @ApiProperty({ enum: ['event', 'api', 'merge'] }) source!: string;
}

export class ConsentHistoryEntryDto extends ConsentDto {
  @NullableProperty(String, { required: false }) actor!: string | null;
  @ApiProperty() recordedAt!: string;
}

export class CustomerConsentDto {
  @ApiProperty() customerId!: string;
  @ApiProperty({
    type: [ConsentDto],
    description: 'Decisions in force. A channel and purpose not listed has no consent.',
  })
  consents!: ConsentDto[];
  @ApiProperty({ type: [ConsentHistoryEntryDto], description: 'Every decision, oldest first.' })
  history!: ConsentHistoryEntryDto[];
}
