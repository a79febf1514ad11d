import { Body, Param, Query } from '@nestjs/common';
import { AdminController, Endpoint } from '@omni/platform';
import { ChannelDecisionsService } from './channel-decisions.service';
import {
  ChannelDecisionDto,
  ChannelInputsDto,
  ChannelParamsDto,
  DecisionListQueryDto,
  RunDecisionsDto,
} from './dto/channel-decisions.dto';

@AdminController('v1', 'channel decisions', { 400: 'invalid_request' })
export class ChannelDecisionsController {
  constructor(private readonly decisions: ChannelDecisionsService) {}

  @Endpoint('POST channel-decisions/run', {
    summary:
      'Decide on the test period ending at periodEnd: admit / expand / exit each channel under test against the existing channels’ average ROI and its target ROI, and a health index per channel (a 20% resource cut when low). Stored with their figures; a rerun of the period replaces them.',
    answer: [ChannelDecisionDto],
    status: 200,
  })
  run(@Body() { periodEnd }: RunDecisionsDto): Promise<ChannelDecisionDto[]> {
    return this.decisions.run(periodEnd, new Date());
  }

  @Endpoint('GET channel-decisions', {
    summary:
      'Stored channel decisions, latest period first: `limit` of them (100 unless given, at most 1,000).',
    answer: [ChannelDecisionDto],
  })
  list(@Query() { limit }: DecisionListQueryDto): Promise<ChannelDecisionDto[]> {
    return this.decisions.list(limit);
  }

  @Endpoint('PUT channels/:channel/inputs', {
    summary: 'Manual inputs of the health index for a channel (partner relations, 0–100).',
    status: 204,
  })
  async inputs(
    @Param() { channel }: ChannelParamsDto,
    @Body() body: ChannelInputsDto,
  ): Promise<void> {
    await this.decisions.setPartnerRelations(channel, body.partnerRelations, body.actor);
  }
}
