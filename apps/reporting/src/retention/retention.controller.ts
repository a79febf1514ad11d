import { Body, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { AdminController } from '@omni/platform';
import { RetentionAnswerDto, RetentionQueryDto } from './dto/retention.dto';
import { RetentionService } from './retention.service';

@AdminController('v1/retention', 'retention', { 400: 'invalid_request or range_too_large' })
export class RetentionController {
  constructor(private readonly retention: RetentionService) {}

  @Post('query')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Retention cohorts by first-order or sign-up week or month: customers coming back (on any chosen events; repurchase by default) per later period, and within 7 and 30 days.',
  })
  @ApiOkResponse({ type: RetentionAnswerDto })
  query(@Body() body: RetentionQueryDto): Promise<RetentionAnswerDto> {
    return this.retention.query(body);
  }
}
