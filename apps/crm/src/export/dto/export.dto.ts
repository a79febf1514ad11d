import { createZodDto } from '@omni/platform';
import { z } from 'zod';
import { customerProfileSchema } from '../../customers/dto/customer.dto';
import { ledgerEntrySchema, lotSchema } from '../../points/dto/points.dto';

const exportSchema = z.object({
  customerId: z.string(),
  exportedAt: z.string(),
  profile: customerProfileSchema,
  insights: z.record(z.string(), z.unknown()).meta({
    description:
      'Insights and the orders they came from, segments, consent with its history, journey instances and firings',
  }),
  events: z
    .array(
      z.object({
        eventKey: z.string(),
        type: z.string(),
        channel: z.string().nullable(),
        occurredAt: z.string(),
        orderId: z.string().nullable(),
        amount: z.object({ amount: z.int(), currency: z.string() }).nullable(),
        data: z.record(z.string(), z.unknown()).nullable(),
      }),
    )
    .meta({ description: 'What crm kept of each event of the customer' }),
  points: z.object({
    lots: z.array(lotSchema),
    ledger: z.array(ledgerEntrySchema),
    redemptions: z.array(
      z.object({
        redemptionId: z.string(),
        idempotencyKey: z.string(),
        points: z.int(),
        reference: z.string().nullable(),
        lots: z.array(z.object({ lotId: z.string(), points: z.int() })),
        createdAt: z.string(),
      }),
    ),
  }),
});

export class CustomerExportDto extends createZodDto(exportSchema) {}
export type CustomerExport = z.output<typeof exportSchema>;
