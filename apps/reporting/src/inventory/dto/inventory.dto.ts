import { ApiProperty } from '@nestjs/swagger';
import { createZodDto, pageLimit, NullableProperty } from '@omni/platform';
import { z } from 'zod';
import { fromBeforeTo } from '../../http/report-range';

export class InventoryQueryDto extends createZodDto(
  z
    .strictObject({
      from: z.iso.datetime({ offset: true }).meta({
        description: 'Start; the UTC days whose start is in [from, to) are covered',
        example: '2026-05-01T00:00:00Z',
      }),
      to: z.iso
        .datetime({ offset: true })
        .meta({ description: 'Exclusive end', example: '2026-05-11T00:00:00Z' }),
      channel: z.string().min(1).max(64).optional().meta({
        description:
          'Only the stock snapshots and orders of this channel (else every channel, summed)',
      }),
      sku: z.string().min(1).max(64).optional().meta({ description: 'Only this SKU' }),
      limit: pageLimit(),
    })
    .check(fromBeforeTo),
) {}
export type InventoryQuery = z.output<typeof InventoryQueryDto.schema>;

const nullable = (description: string) => ({ type: Number, nullable: true, description });

export class InventoryRowDto {
  @ApiProperty() sku!: string;
  @ApiProperty({ description: 'Stores and warehouses with snapshots of it in the range' })
  locations!: number;
  @ApiProperty({ description: 'Stock snapshots in the range' }) snapshots!: number;
  @ApiProperty(nullable('Share of snapshots with nothing available (on hand less reserved)'))
  stockoutRate!: number | null;
  @ApiProperty(nullable('Mean available stock per location over the range, summed over locations'))
  averageAvailable!: number | null;
  @ApiProperty(
    nullable('Available stock of the latest snapshot in the range, summed over locations'),
  )
  currentAvailable!: number | null;
  @ApiProperty({ description: 'Units on orders placed in the range, less cancelled orders' })
  unitsSold!: number;
  @ApiProperty({ description: 'Units sold ÷ days in the range' }) averageDailyUnits!: number;
  @ApiProperty(nullable('Units sold ÷ average available stock')) turnover!: number | null;
  @ApiProperty(nullable('Current available stock ÷ average daily units sold'))
  daysOfCover!: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'Latest order of it in the range' })
  lastSoldAt!: string | null;
  @ApiProperty(nullable('Days from the latest sale to the end of the range'))
  daysSinceLastSale!: number | null;
  @ApiProperty(
    nullable(
      '1 for the slowest mover among SKUs with stock: fewest units sold, then longest without a sale (never sold first); null without stock',
    ),
  )
  slowMoverRank!: number | null;
}

export class InventoryAnswerDto {
  @ApiProperty({ description: 'First UTC day covered' }) fromDay!: string;
  @ApiProperty({ description: 'First UTC day after the range' }) toDay!: string;
  @ApiProperty() days!: number;
  @NullableProperty(String) channel!: string | null;
  @ApiProperty({ type: [InventoryRowDto], description: 'Slowest movers first' })
  rows!: InventoryRowDto[];
}
