import { Param } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { AdminController, Endpoint, CustomerIdParamsDto } from '@omni/platform';
import { ExportRepository } from './export.repository';

class CustomerExportDto {
  @ApiProperty() customerId!: string;
  @ApiProperty({
    description: 'True when the customer was erased: reporting holds nothing about them',
  })
  erased!: boolean;
  @ApiProperty({ type: [String], description: 'Ids merged into this customer' })
  mergedIds!: string[];
  @ApiProperty({ type: 'array', items: { type: 'object' } }) events!: Record<string, unknown>[];
  @ApiProperty({ type: 'array', items: { type: 'object' } }) orders!: Record<string, unknown>[];
  @ApiProperty({ type: 'array', items: { type: 'object' } }) touches!: Record<string, unknown>[];
  @ApiProperty({ type: 'array', items: { type: 'object' } }) exposures!: Record<string, unknown>[];
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'Offers from promotions' })
  offers!: Record<string, unknown>[];
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'Redemptions on orders' })
  redemptions!: Record<string, unknown>[];
  @ApiProperty({
    description:
      'Aggregates (KPI buckets) hold counts and sums, not people; distinct counts keep per-bucket memberships under the customer id, or an anonymous token after erasure.',
  })
  note!: string;
}

@AdminController('v1/customers', 'customers', { 400: 'invalid_request: a malformed customer id' })
export class ExportController {
  constructor(private readonly exports: ExportRepository) {}

  @Endpoint('GET :customerId/export', {
    summary:
      'What reporting holds about one customer (the right of access); empty for an unknown one.',
    answer: CustomerExportDto,
  })
  async export(@Param() { customerId }: CustomerIdParamsDto): Promise<CustomerExportDto> {
    const held = await this.exports.customer(customerId);
    return {
      customerId,
      ...held,
      note: 'KPI buckets hold counts and sums, not people; distinct counts keep per-bucket memberships under the customer id (an anonymous token after erasure).',
    };
  }
}
