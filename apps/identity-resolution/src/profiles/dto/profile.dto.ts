import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IDENTIFIER_TYPES } from '@omni/contracts';
import { z } from 'zod';

const identifierRef = z.strictObject({
  type: z.string().min(1).max(200),
  value: z.string().min(1).max(256),
});

const audit = {
  actor: z.string().min(1).max(200),
  reason: z.string().min(1).max(2000),
  dryRun: z.boolean().default(false),
};

export const mergeRequestSchema = z.strictObject({
  customerIds: z.tuple([z.string().min(1), z.string().min(1)]),
  ...audit,
});
export type MergeRequest = z.output<typeof mergeRequestSchema>;

export const splitRequestSchema = z.strictObject({
  identifiers: z.array(identifierRef).min(1).max(1000),
  ...audit,
});
export type SplitRequest = z.output<typeof splitRequestSchema>;

export const lookupQuerySchema = z.strictObject({
  type: z.string().min(1).max(200),
  value: z.string().min(1).max(256),
});

export class IdentifierRefDto {
  @ApiProperty({
    example: 'phone',
    description: `A type: ${IDENTIFIER_TYPES.join(', ')}; scoped types as wechatOpenId:<appId>, platformUserId:<channel>.`,
  })
  type!: string;

  @ApiProperty({ example: '+8613912345678' })
  value!: string;
}

export class MergeRequestDto {
  @ApiProperty({
    type: [String],
    minItems: 2,
    maxItems: 2,
    example: ['cus_1a2b', 'cus_3c4d'],
    description: 'The two profiles; the oldest survives.',
  })
  customerIds!: [string, string];

  @ApiProperty({ example: 'ops:li.wei' })
  actor!: string;

  @ApiProperty({ example: 'same memberId confirmed by the customer at the store' })
  reason!: string;

  @ApiPropertyOptional({
    default: false,
    description: 'Show the result without changing anything.',
  })
  dryRun?: boolean;
}

export class SplitRequestDto {
  @ApiProperty({
    type: [IdentifierRefDto],
    description:
      'Identifiers to move to a new profile. Links between them and the rest are retracted; every part cut off from the oldest remaining identifier becomes a profile of its own.',
  })
  identifiers!: IdentifierRefDto[];

  @ApiProperty({ example: 'ops:li.wei' })
  actor!: string;

  @ApiProperty({ example: 'shared family tablet linked two people' })
  reason!: string;

  @ApiPropertyOptional({ default: false })
  dryRun?: boolean;
}

export class MaskedIdentifierDto {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'phone' }) type!: string;
  @ApiProperty({ example: '+86*******5678' }) maskedValue!: string;
  @ApiProperty() linkedAt!: string;
}

export class LinkDto {
  @ApiProperty() id!: string;
  @ApiProperty() fromIdentifierId!: string;
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
  @ApiProperty() version!: number;
  @ApiProperty() identifierCount!: number;
}

export class SplitResultDto {
  @ApiProperty() dryRun!: boolean;
  @ApiProperty() fromId!: string;
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
