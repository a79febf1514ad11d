import { Module } from '@nestjs/common';
import { ChannelDecisionsController } from './channel-decisions.controller';
import { ChannelDecisionsRepository } from './channel-decisions.repository';
import { ChannelDecisionsService } from './channel-decisions.service';

@Module({
  controllers: [ChannelDecisionsController],
  providers: [ChannelDecisionsRepository, ChannelDecisionsService],
  exports: [ChannelDecisionsService],
})
export class ChannelDecisionsModule {}
