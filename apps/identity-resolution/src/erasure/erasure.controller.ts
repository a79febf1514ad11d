import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AdminTokenGuard } from '../admin-auth/admin-token.guard';
import { parseInput } from '../admin-auth/api-error';
import {
  erasureRequestSchema,
  ErasureRequestDto,
  ErasureResultDto,
  ErasureService,
} from './erasure.service';

@ApiTags('erasures')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing or wrong admin token.' })
@UseGuards(AdminTokenGuard)
@Controller('v1/erasures')
export class ErasureController {
  constructor(private readonly erasure: ErasureService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Erase a profile: identifiers and links deleted, HMAC tombstones kept so they never link again, profile.erased emitted.',
  })
  @ApiBody({ type: ErasureRequestDto })
  @ApiOkResponse({ type: ErasureResultDto })
  @ApiNotFoundResponse({ description: 'No such profile.' })
  @ApiConflictResponse({ description: 'Already erased.' })
  erase(@Body() body: unknown): Promise<ErasureResultDto> {
    return this.erasure.erase(parseInput(erasureRequestSchema, body));
  }
}
