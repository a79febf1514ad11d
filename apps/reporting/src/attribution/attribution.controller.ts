import { Body, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { AdminController } from '@omni/platform';
import { AttributionService } from './attribution.service';
import { AttributionAnswerDto, AttributionQueryDto } from './dto/attribution.dto';

@AdminController('v1/attribution', 'attribution', { 400: 'invalid_request or range_too_large' })
export class AttributionController {
  constructor(private readonly attribution: AttributionService) {}

  @Post('query')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Revenue of orders placed in a range credited to channels and campaigns by each model (first, last, linear, time decay, position based), over the identity-resolved touches before each order; integer minor units adding up to each order’s value.',
  })
  @ApiOkResponse({ type: AttributionAnswerDto })
  query(@Body() body: AttributionQueryDto): Promise<AttributionAnswerDto> {
    return this.attribution.query(body);
  }
}
