import { Module } from '@nestjs/common';
import { TimelinesRepository } from './timelines.repository';

/** Per-customer timelines: written with the events, rebuilt on identity changes, read by funnels. */
@Module({ providers: [TimelinesRepository], exports: [TimelinesRepository] })
export class TimelinesModule {}
