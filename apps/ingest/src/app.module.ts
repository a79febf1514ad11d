import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ServicePlatformModule } from '@omni/platform';
import { IngestConfigModule } from './config/ingest-config';
import { ConnectorsModule } from './connectors/connectors.module';
import { DedupeModule } from './dedupe/dedupe.module';
import { EventsModule } from './events/events.module';
import { ErrorBodyFilter } from './http/error-body.filter';
import { JsonBodyParser } from './http/json-body.parser';
import { RawIngestModule } from './raw-ingest/raw-ingest.module';
import { RejectionsModule } from './rejections/rejections.module';
import { SegmentModule } from './segment/segment.module';
import { service } from './service';

@Module({
  imports: [
    ServicePlatformModule.forRoot({ service }),
    IngestConfigModule,
    ConnectorsModule,
    RejectionsModule,
    EventsModule,
    SegmentModule,
    RawIngestModule,
    DedupeModule,
  ],
  providers: [{ provide: APP_FILTER, useClass: ErrorBodyFilter }, JsonBodyParser],
})
export class AppModule {}
