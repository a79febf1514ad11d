import { Body } from '@nestjs/common';
import { AdminController, Endpoint } from '@omni/platform';
import { FunnelAnswerDto, FunnelQueryDto } from './dto/funnels.dto';
import { FunnelsService } from './funnels.service';

@AdminController('v1/funnels', 'funnels', { 400: 'invalid_request or range_too_large' })
export class FunnelsController {
  constructor(private readonly funnels: FunnelsService) {}

  @Endpoint('POST query', {
    summary:
      'Resolved customers per funnel step (ordered, strict or any-order; a conversion window from the first step; property filters; breakdown by channel or campaign). Without steps: the default awareness → interest → consideration → conversion.',
    answer: FunnelAnswerDto,
    status: 200,
  })
  query(@Body() body: FunnelQueryDto): Promise<FunnelAnswerDto> {
    return this.funnels.query(body);
  }
}
