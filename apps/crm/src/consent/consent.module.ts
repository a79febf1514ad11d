import { Module } from '@nestjs/common';
import { ConsentController } from './consent.controller';
import { ConsentHandler } from './consent.consumer';
import { ConsentRepository } from './consent.repository';
import { ConsentService } from './consent.service';

/** Consent per channel and purpose: events, the admin API, and the check journeys make. */
@Module({
  controllers: [ConsentController],
  providers: [ConsentRepository, ConsentService, ConsentHandler],
  exports: [ConsentRepository, ConsentService],
})
export class ConsentModule {}
