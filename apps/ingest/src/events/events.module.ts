import { Module } from '@nestjs/common';
import { ConnectorsModule } from '../connectors/connectors.module';
import { DedupeModule } from '../dedupe/dedupe.module';
import { RejectionsModule } from '../rejections/rejections.module';
import { EventsController } from './events.controller';
import { IngestPipeline } from './ingest-pipeline.service';

@Module({
  imports: [ConnectorsModule, DedupeModule, RejectionsModule],
  controllers: [EventsController],
  providers: [IngestPipeline],
  exports: [IngestPipeline],
})
export class EventsModule {}
