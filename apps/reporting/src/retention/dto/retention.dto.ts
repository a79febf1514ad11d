import { ApiProperty } from '@nestjs/swagger';
import { createZodDto } from '@omni/platform';
import { z } from 'zod';
import { fromBeforeTo } from '../../http/report-range';

const eventType = z
  .string()
  .regex(/^[a-z]+(?:[.-][a-z]+)*$/, 'expected an event type such as order.placed');

export class RetentionQueryDto extends createZodDto(
  z
    .strictObject({
      cohort: z.enum(['first-order', 'sign-up']).default('first-order').meta({
        description:
          'Enter a cohort at the first order.placed, or at sign-up (the first customer.identified)',
      }),
      period: z.enum(['week', 'month']).default('week'),
      from: z.iso.datetime({ offset: true }).meta({ example: '2026-03-01T00:00:00Z' }),
      to: z.iso.datetime({ offset: true }).meta({
        description: 'Customers who entered in [from, to)',
        example: '2026-04-01T00:00:00Z',
      }),
      returnOn: z.array(eventType).min(1).max(20).default(['order.placed']).meta({
        description: 'Event types that count as coming back (repurchase by default)',
      }),
      periods: z.number().int().min(1).max(60).default(8),
    })
    .check(fromBeforeTo),
) {}
export type RetentionQuery = z.output<typeof RetentionQueryDto.schema>;

export class CohortDto {
  @ApiProperty() cohortStart!: string;
  @ApiProperty() size!: number;
  @ApiProperty({
    type: [Number],
    description: 'Customers who came back in period i (0 = the entry period)',
  })
  returned!: number[];
  @ApiProperty({ type: [Number], description: 'returned ÷ size per period' }) rates!: number[];
  @ApiProperty({ description: 'Came back within 7 days of entering' }) within7Days!: number;
  @ApiProperty({ description: 'Came back within 30 days of entering' }) within30Days!: number;
}

export class RetentionAnswerDto {
  @ApiProperty() cohort!: string;
  @ApiProperty() period!: string;
  @ApiProperty({ type: [String] }) returnOn!: string[];
  @ApiProperty({ type: [CohortDto] }) cohorts!: CohortDto[];
}
