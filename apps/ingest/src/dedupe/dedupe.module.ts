import { Module } from '@nestjs/common';
import { DedupeKeysRepository } from './dedupe-keys.repository';
import { DedupePurger } from './dedupe-purger.service';

@Module({
  providers: [DedupeKeysRepository, DedupePurger],
  exports: [DedupeKeysRepository, DedupePurger],
})
export class DedupeModule {}
