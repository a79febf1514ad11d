import { Query } from '@nestjs/common';
import { AdminController, Endpoint } from '@omni/platform';
import { KpiAnswerDto, KpiQueryDto } from './dto/kpis.dto';
import { KpisService } from './kpis.service';

@AdminController('v1/kpis', 'kpis', {
  400: 'invalid_request (a malformed parameter) or range_too_large',
})
export class KpisController {
  constructor(private readonly kpis: KpisService) {}

  @Endpoint('GET', {
    summary:
      'KPIs per time bucket (event time, cut in tz) and channel or campaign, with the freshness watermark. Updated incrementally as events arrive.',
    answer: KpiAnswerDto,
  })
  query(@Query() query: KpiQueryDto): Promise<KpiAnswerDto> {
    return this.kpis.query(query);
  }
}
