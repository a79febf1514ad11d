import { Body, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { AdminController, ApiErrors } from '@omni/platform';
import { ErasureRequestDto, ErasureResultDto } from './dto/erasure.dto';
import { ErasureService } from './erasure.service';

@AdminController('v1/erasures', 'erasures')
export class ErasureController {
  constructor(private readonly erasure: ErasureService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Erase a profile: identifiers and links deleted, HMAC tombstones kept so they never link again, profile.erased emitted.',
  })
  @ApiOkResponse({ type: ErasureResultDto })
  @ApiErrors({ 400: 'invalid_request', 404: 'profile_not_found', 409: 'already_erased' })
  erase(@Body() body: ErasureRequestDto): Promise<ErasureResultDto> {
    return this.erasure.erase(body);
  }
}
