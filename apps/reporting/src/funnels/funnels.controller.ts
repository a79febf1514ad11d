import { Body, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { AdminController } from '@omni/platform';
import { FunnelAnswerDto, FunnelQueryDto } from './dto/funnels.dto';
import { FunnelsService } from './funnels.service';

@AdminController('v1/funnels', 'funnels', { 400: 'invalid_request or range_too_large' })
export class FunnelsController {
  constructor(private readonly funnels: FunnelsService) {}

  @Post('query')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Resolved customers per funnel step (ordered, strict or any-order; a conversion window from the first step; property filters; breakdown by channel or campaign). Without steps: the default awareness → interest → consideration → conversion.',
  })
  @ApiOkResponse({ type: FunnelAnswerDto })
  query(@Body() body: FunnelQueryDto): Promise<FunnelAnswerDto> {
    return this.funnels.query(body);
  }
}
