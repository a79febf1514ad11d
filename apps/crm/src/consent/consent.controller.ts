import { Body, Param } from '@nestjs/common';
import { AdminController, Endpoint, CustomerIdParamsDto } from '@omni/platform';
import { ConsentService } from './consent.service';
import { CustomerConsentDto, PutConsentDto } from './dto/consent.dto';

@AdminController('v1/customers/:customerId/consent', 'consent', {
  400: 'invalid_request: a malformed id or body; details.issues names each field.',
})
export class ConsentController {
  constructor(private readonly consent: ConsentService) {}

  @Endpoint('GET', {
    summary: "A customer's consent per channel and purpose, with its history.",
    answer: CustomerConsentDto,
  })
  get(@Param() { customerId }: CustomerIdParamsDto): Promise<CustomerConsentDto> {
    return this.consent.get(customerId);
  }

  @Endpoint('PUT', {
    summary: 'Record decisions made now: the listed slots change, the others keep theirs.',
    answer: CustomerConsentDto,
  })
  put(
    @Param() { customerId }: CustomerIdParamsDto,
    @Body() body: PutConsentDto,
  ): Promise<CustomerConsentDto> {
    return this.consent.put(customerId, body);
  }
}
