import { Module } from '@nestjs/common';
import { ConnectorsModule } from '../connectors/connectors.module';
import { EventsModule } from '../events/events.module';
import { RejectionsModule } from '../rejections/rejections.module';
import { RawEventsConsumer } from './raw-events.consumer';

@Module({
  imports: [ConnectorsModule, EventsModule, RejectionsModule],
  providers: [RawEventsConsumer],
})
export class RawIngestModule {}
