import { Body, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { AdminController } from '@omni/platform';
import { ConsentService } from './consent.service';
import { CustomerConsentDto, CustomerIdParamsDto, PutConsentDto } from './dto/consent.dto';

@AdminController('v1/customers/:customerId/consent', 'consent', {
  400: 'invalid_request: a malformed id or body; details.issues names each field.',
})
export class ConsentController {
  constructor(private readonly consent: ConsentService) {}

  @Get()
  @ApiOperation({ summary: "A customer's consent per channel and purpose, with its history." })
  @ApiOkResponse({ type: CustomerConsentDto })
  get(@Param() { customerId }: CustomerIdParamsDto): Promise<CustomerConsentDto> {
    return this.consent.get(customerId);
  }

  @Put()
  @ApiOperation({
    summary:
      'Record consent decisions made now, per channel and purpose; the listed slots change, the others keep theirs.',
  })
  @ApiOkResponse({ type: CustomerConsentDto })
  put(
    @Param() { customerId }: CustomerIdParamsDto,
    @Body() body: PutConsentDto,
  ): Promise<CustomerConsentDto> {
    return this.consent.put(customerId, body);
  }
}
