import { ApiProperty } from '@nestjs/swagger';
import { IDENTIFIER_TYPES } from '@omni/contracts';
import { createZodDto, customerIdText, freeText, idText } from '@omni/platform';
import { z } from 'zod';

// Ids and values are checked before they reach Postgres, which refuses NUL with an error.
const identifierType = idText(200).meta({
  example: 'phone',
  description: `A type: ${IDENTIFIER_TYPES.join(', ')}; scoped types as wechatOpenId:<appId>, platformUserId:<channel>.`,
});
const identifierValue = idText(256).meta({ example: '+8613912345678' });

const identifierRef = z.strictObject({ type: identifierType, value: identifierValue });

const audit = {
  actor: idText(200).meta({ example: 'ops:li.wei' }),
  reason: freeText(2000).meta({ example: 'same memberId confirmed by the customer at the store' }),
  dryRun: z
    .boolean()
    .default(false)
    .meta({ description: 'Show the result without changing anything.' }),
};

export class MergeRequestDto extends createZodDto(
  z.strictObject({
    customerIds: z.tuple([customerIdText, customerIdText]).meta({
      example: ['cus_1a2b', 'cus_3c4d'],
      description: 'The two profiles; the oldest survives.',
    }),
    ...audit,
  }),
) {}
export type MergeRequest = z.output<typeof MergeRequestDto.schema>;

export class SplitRequestDto extends createZodDto(
  z.strictObject({
    identifiers: z.array(identifierRef).min(1).max(1000).meta({
      description:
        'Identifiers to move to a new profile. Links between them and the rest are retracted; every part cut off from the oldest remaining identifier becomes a profile of its own.',
    }),
    ...audit,
  }),
) {}
export type SplitRequest = z.output<typeof SplitRequestDto.schema>;

export class LookupQueryDto extends createZodDto(
  z.strictObject({ type: identifierType, value: identifierValue }),
) {}

export class MaskedIdentifierDto {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'phone' }) type!: string;
  @ApiProperty({ example: '+86*******5678' }) maskedValue!: string;
  @ApiProperty() linkedAt!: string;
}

export class LinkDto {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'An id of the profile’s identifiers' }) fromIdentifierId!: string;
  @ApiProperty() toIdentifierId!: string;
  @ApiProperty({ description: 'The event (or manual operation) that is the evidence.' })
  sourceEventId!: string;
  @ApiProperty({ nullable: true, type: String }) channel!: string | null;
  @ApiProperty({ example: 'same-event' }) rule!: string;
  @ApiProperty() occurredAt!: string;
  @ApiProperty({ description: 'Retracted links are kept for the record but no longer connect.' })
  active!: boolean;
}

export class ProfileChangeDto {
  @ApiProperty({ enum: ['merged', 'split', 'erased'] }) kind!: string;
  @ApiProperty() customerId!: string;
  @ApiProperty({ type: [String] }) relatedIds!: string[];
  @ApiProperty() version!: number;
  @ApiProperty({ enum: ['automatic', 'manual'] }) origin!: string;
  @ApiProperty({ nullable: true, type: String }) actor!: string | null;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ nullable: true, type: String }) sourceEventId!: string | null;
  @ApiProperty() at!: string;
}

export class ProfileDto {
  @ApiProperty({
    description: 'The surviving profile; a look-up by an alias answers with its survivor.',
  })
  customerId!: string;
  @ApiProperty({ type: [String] }) aliases!: string[];
  @ApiProperty({ enum: ['active', 'erased', 'emptied'] }) status!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ description: 'Created for an event whose identifiers were all erased.' })
  suppressed!: boolean;
  @ApiProperty({ type: [MaskedIdentifierDto] }) identifiers!: MaskedIdentifierDto[];
  @ApiProperty({ type: [LinkDto] }) links!: LinkDto[];
  @ApiProperty({ type: [ProfileChangeDto] }) history!: ProfileChangeDto[];
}

export class MergeResultDto {
  @ApiProperty() dryRun!: boolean;
  @ApiProperty() survivorId!: string;
  @ApiProperty({ type: [String] }) mergedIds!: string[];
  @ApiProperty({ description: "The survivor's profile version after the merge" }) version!: number;
  @ApiProperty() identifierCount!: number;
}

export class SplitResultDto {
  @ApiProperty() dryRun!: boolean;
  @ApiProperty({ description: 'The profile split; it keeps its id and what still connects to it' })
  fromId!: string;
  @ApiProperty({
    type: [String],
    description: 'New profiles, one per component that no longer connects to fromId.',
  })
  newIds!: string[];
  @ApiProperty() version!: number;
  @ApiProperty({
    description: 'Identifier count per new profile, in the order of newIds.',
    type: [Number],
  })
  identifierCounts!: number[];
  @ApiProperty() retractedLinks!: number;
}
