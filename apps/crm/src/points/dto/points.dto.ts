import {
  createZodDto,
  freeText,
  idText,
  PageDto,
  pageQuerySchema,
  pageLimit,
} from '@omni/platform';
import { z } from 'zod';

export const idempotencyKeyText = idText(200);

export class RedemptionRequestDto extends createZodDto(
  z.strictObject({
    points: z.int().min(1).max(100_000_000).meta({ example: 500 }),
    reference: idText(200)
      .optional()
      .meta({ example: 'order-3960000123456789012', description: 'What the points paid for' }),
  }),
) {}

export class AdjustmentRequestDto extends createZodDto(
  z.strictObject({
    points: z
      .int()
      .min(-100_000_000)
      .max(100_000_000)
      .refine((points) => points !== 0, 'must not be 0')
      .meta({
        example: 200,
        description: 'Positive: a lot of its own; negative: burned like a redemption',
      }),
    reason: freeText(500).meta({ example: 'goodwill after a late delivery' }),
  }),
) {}

export class LedgerQueryDto extends createZodDto(
  z.strictObject({
    limit: pageLimit(500, 50),
    before: z
      .string()
      .regex(/^[1-9]\d{0,17}$/, 'expected the next cursor of a previous page')
      .optional(),
  }),
) {}

const allocation = z.object({ lotId: z.string(), points: z.int() });

export class RedemptionDto extends createZodDto(
  z.object({
    redemptionId: z.string(),
    customerId: z.string(),
    points: z.int(),
    reference: z.string().nullable(),
    balance: z.int().meta({ description: 'Balance after the redemption' }),
    lots: z
      .array(allocation)
      .meta({ description: 'Which lots paid how much, earliest-expiring first' }),
    createdAt: z.string(),
  }),
) {}

export class AdjustmentDto extends createZodDto(z.object({ balance: z.int() })) {}

export const lotSchema = z.object({
  lotId: z.string(),
  source: z.enum(['order', 'review', 'adjustment']),
  orderId: z.string().nullable(),
  earned: z.int(),
  remaining: z.int(),
  earnedAt: z.string(),
  expiresAt: z.string().meta({ description: 'First instant the lot is no longer spendable' }),
});

export const ledgerEntrySchema = z.object({
  entryId: z.string(),
  entryType: z.enum(['earn', 'burn', 'expire', 'adjust', 'reverse']),
  delta: z.int(),
  lotId: z.string().nullable(),
  orderId: z.string().nullable(),
  redemptionId: z.string().nullable(),
  reason: z.string().nullable(),
  occurredAt: z.string(),
});

export class LotDto extends createZodDto(lotSchema) {}
export class LotPageDto extends PageDto(LotDto) {}
export class LedgerEntryDto extends createZodDto(ledgerEntrySchema) {}
export class LedgerEntryPageDto extends PageDto(LedgerEntryDto) {}

/** A cursor of a list read in insertion order: the sequence number of the last item. */
export const seqCursor = z
  .string()
  .regex(/^[1-9][0-9]{0,17}$/, 'expected the next cursor of a previous page');
export class SeqPageQueryDto extends createZodDto(pageQuerySchema(seqCursor)) {}

export class PointsDto extends createZodDto(
  z.object({
    customerId: z.string(),
    balance: z
      .int()
      .meta({ description: 'Sum of the ledger; negative while refunded points are owed' }),
    spendable: z.int().meta({ description: 'What unexpired lots hold and the balance allows' }),
    tierQualifying: z
      .int()
      .meta({ description: 'Tier-qualifying points in the assessment window' }),
    lots: z.array(lotSchema),
    entries: z.array(ledgerEntrySchema).meta({ description: 'Ledger entries, newest first' }),
    next: z
      .string()
      .optional()
      .meta({ description: 'Pass as before= for the next page of entries' }),
  }),
) {}
export type PointsView = z.output<typeof PointsDto.schema>;

export class ExpiryRunDto extends createZodDto(z.object({ lots: z.int(), points: z.int() })) {}
