import { Body } from '@nestjs/common';
import { AdminController, Endpoint } from '@omni/platform';
import { AttributionService } from './attribution.service';
import { AttributionAnswerDto, AttributionQueryDto } from './dto/attribution.dto';

@AdminController('v1/attribution', 'attribution', { 400: 'invalid_request or range_too_large' })
export class AttributionController {
  constructor(private readonly attribution: AttributionService) {}

  @Endpoint('POST query', {
    summary:
      'Revenue of orders placed in a range credited to channels and campaigns by each model (first, last, linear, time decay, position based), over the identity-resolved touches before each order; integer minor units adding up to each order’s value.',
    answer: AttributionAnswerDto,
    status: 200,
  })
  query(@Body() body: AttributionQueryDto): Promise<AttributionAnswerDto> {
    return this.attribution.query(body);
  }
}
