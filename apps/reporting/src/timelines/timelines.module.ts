import { Module } from '@nestjs/common';
import { TimelinesRepository } from './timelines.repository';
import { TouchTimelinesRepository } from './touch-timelines.repository';

/**
 * Per-customer timelines: written with the events, rebuilt on identity changes, read by funnels
 * (every event) and attribution (touches).
 */
@Module({
  providers: [TimelinesRepository, TouchTimelinesRepository],
  exports: [TimelinesRepository, TouchTimelinesRepository],
})
export class TimelinesModule {}
