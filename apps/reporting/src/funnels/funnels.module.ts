import { Module } from '@nestjs/common';
import { FunnelsController } from './funnels.controller';
import { FunnelsRepository } from './funnels.repository';
import { FunnelsService } from './funnels.service';
import { TimelinesModule } from '../timelines/timelines.module';

@Module({
  imports: [TimelinesModule],
  controllers: [FunnelsController],
  providers: [FunnelsRepository, FunnelsService],
  exports: [FunnelsService],
})
export class FunnelsModule {}
