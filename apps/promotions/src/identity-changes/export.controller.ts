import { Param } from '@nestjs/common';
import { AdminController, Endpoint, CustomerIdParamsDto } from '@omni/platform';
import { IdentityChangesRepository } from './identity-changes.repository';

@AdminController('v1/customers', 'customers')
export class ExportController {
  constructor(private readonly identity: IdentityChangesRepository) {}

  @Endpoint('GET :customerId/export', {
    summary: 'Everything promotions holds about a customer (right of access)',
    schema: { type: 'object', additionalProperties: { type: 'array', items: { type: 'object' } } },
  })
  export(@Param() { customerId }: CustomerIdParamsDto): Promise<Record<string, unknown[]>> {
    return this.identity.export(customerId);
  }
}
