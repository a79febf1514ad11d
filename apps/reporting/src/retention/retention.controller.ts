import { Body } from '@nestjs/common';
import { AdminController, Endpoint } from '@omni/platform';
import { RetentionAnswerDto, RetentionQueryDto } from './dto/retention.dto';
import { RetentionService } from './retention.service';

@AdminController('v1/retention', 'retention', { 400: 'invalid_request or range_too_large' })
export class RetentionController {
  constructor(private readonly retention: RetentionService) {}

  @Endpoint('POST query', {
    summary:
      'Retention cohorts by first-order or sign-up week or month: customers coming back (on any chosen events; repurchase by default) per later period, and within 7 and 30 days.',
    answer: RetentionAnswerDto,
    status: 200,
  })
  query(@Body() body: RetentionQueryDto): Promise<RetentionAnswerDto> {
    return this.retention.query(body);
  }
}
