import { Module } from '@nestjs/common';
import { ConsentModule } from '../consent/consent.module';
import { JourneyEngine } from './journey-engine.service';
import { JourneyScheduler } from './journey-scheduler.service';
import { JourneysController } from './journeys.controller';
import { JourneysHandler } from './journeys.consumer';
import { JourneysRepository } from './journeys.repository';

/** Durable journeys: entries and exits from events, timers fired by the scheduler. */
@Module({
  imports: [ConsentModule],
  controllers: [JourneysController],
  providers: [JourneysRepository, JourneyEngine, JourneyScheduler, JourneysHandler],
  exports: [JourneyEngine, JourneysRepository, JourneyScheduler],
})
export class JourneysModule {}
