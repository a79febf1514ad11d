import { Module } from '@nestjs/common';
import { ConnectorsModule } from '../connectors/connectors.module';
import { EventsModule } from '../events/events.module';
import { SegmentController } from './segment.controller';

@Module({ imports: [ConnectorsModule, EventsModule], controllers: [SegmentController] })
export class SegmentModule {}
