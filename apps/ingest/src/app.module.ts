import { Module } from '@nestjs/common';
import { ServicePlatformModule } from '@omni/platform';
import { ConnectorsModule } from './connectors/connectors.module';
import { DedupeModule } from './dedupe/dedupe.module';
import { entities } from './entities';
import { EventsModule } from './events/events.module';
import { JsonBodyParser } from './http/json-body.parser';
import { RawIngestModule } from './raw-ingest/raw-ingest.module';
import { RejectionsModule } from './rejections/rejections.module';
import { SegmentModule } from './segment/segment.module';
import { service } from './service';

@Module({
  imports: [
    ServicePlatformModule.forRoot({ service, entities }),
    ConnectorsModule,
    RejectionsModule,
    EventsModule,
    SegmentModule,
    RawIngestModule,
    DedupeModule,
  ],
  providers: [JsonBodyParser],
})
export class AppModule {}
