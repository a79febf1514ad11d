import { Module } from '@nestjs/common';
import { DedupePurger } from './dedupe-purger.service';

@Module({ providers: [DedupePurger], exports: [DedupePurger] })
export class DedupeModule {}
