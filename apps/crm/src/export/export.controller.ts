import { Param } from '@nestjs/common';
import { AdminController, Endpoint, CustomerIdParamsDto } from '@omni/platform';
import { MergedCustomerRedirect, MERGED_CUSTOMER_ERRORS } from '../customers/merged-customer';
import { CustomerExportDto, type CustomerExport } from './dto/export.dto';
import { ExportService } from './export.service';

@AdminController('v1/customers', 'customers', { 400: 'invalid_request: a malformed customer id' })
export class ExportController {
  constructor(
    private readonly exports: ExportService,
    private readonly merged: MergedCustomerRedirect,
  ) {}

  @Endpoint('GET :customerId/export', {
    summary: 'Everything crm holds about one customer, as JSON (the right of access).',
    answer: CustomerExportDto,
    errors: MERGED_CUSTOMER_ERRORS,
  })
  get(@Param() { customerId }: CustomerIdParamsDto): Promise<CustomerExport> {
    return this.merged.orSurvivor(customerId, '/export', () => this.exports.exportOf(customerId));
  }
}
