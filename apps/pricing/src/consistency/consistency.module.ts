import { Module } from '@nestjs/common';
import { ConsistencyController } from './consistency.controller';
import { ConsistencyRepository } from './consistency.repository';
import { ConsistencyService } from './consistency.service';

@Module({
  controllers: [ConsistencyController],
  providers: [ConsistencyRepository, ConsistencyService],
  exports: [ConsistencyService],
})
export class ConsistencyModule {}
