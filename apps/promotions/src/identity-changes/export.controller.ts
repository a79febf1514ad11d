import { Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { createZodDto, idText, AdminController } from '@omni/platform';
import { z } from 'zod';
import { IdentityChangesRepository } from './identity-changes.repository';

class CustomerParamsDto extends createZodDto(z.strictObject({ customerId: idText(128) })) {}

@AdminController('v1/customers', 'customers')
export class ExportController {
  constructor(private readonly identity: IdentityChangesRepository) {}

  @Get(':customerId/export')
  @ApiOperation({ summary: 'Everything promotions holds about a customer (right of access)' })
  @ApiOkResponse({
    schema: { type: 'object', additionalProperties: { type: 'array', items: { type: 'object' } } },
  })
  export(@Param() { customerId }: CustomerParamsDto): Promise<Record<string, unknown[]>> {
    return this.identity.export(customerId);
  }
}
