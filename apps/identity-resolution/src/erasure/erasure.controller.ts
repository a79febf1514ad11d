import { Body } from '@nestjs/common';
import { AdminController, Endpoint } from '@omni/platform';
import { ErasureRequestDto, ErasureResultDto } from './dto/erasure.dto';
import { ErasureService } from './erasure.service';

@AdminController('v1/erasures', 'erasures')
export class ErasureController {
  constructor(private readonly erasure: ErasureService) {}

  @Endpoint('POST', {
    summary:
      'Erase a profile: identifiers and links deleted, HMAC tombstones kept so they never link again, profile.erased emitted.',
    answer: ErasureResultDto,
    status: 200,
    errors: { 400: 'invalid_request', 404: 'profile_not_found', 409: 'already_erased' },
  })
  erase(@Body() body: ErasureRequestDto): Promise<ErasureResultDto> {
    return this.erasure.erase(body);
  }
}
