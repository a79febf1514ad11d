import { Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { ErrorBodyDto, AdminController, ApiErrors } from '@omni/platform';
import { CustomerIdParamsDto } from '../customers/dto/customer.dto';
import { MergedCustomerRedirect } from '../customers/merged-customer';
import { CustomerExportDto, type CustomerExport } from './dto/export.dto';
import { ExportService } from './export.service';

@AdminController('v1/customers', 'customers', { 400: 'invalid_request: a malformed customer id' })
export class ExportController {
  constructor(
    private readonly exports: ExportService,
    private readonly merged: MergedCustomerRedirect,
  ) {}

  @Get(':customerId/export')
  @ApiOperation({
    summary: 'Everything crm holds about one customer, as JSON (the right of access).',
  })
  @ApiOkResponse({ type: CustomerExportDto })
  @ApiErrors({ 404: 'customer_not_found' })
  @ApiResponse({
    status: 308,
    type: ErrorBodyDto,
    description:
      'customer_merged: the id was merged into another customer; Location is the same resource of the survivor (details.survivorId)',
  })
  get(@Param() { customerId }: CustomerIdParamsDto): Promise<CustomerExport> {
    return this.merged.orSurvivor(customerId, '/export', () => this.exports.exportOf(customerId));
  }
}
