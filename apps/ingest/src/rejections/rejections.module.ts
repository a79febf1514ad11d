import { Module } from '@nestjs/common';
import { RejectionsController } from './rejections.controller';
import { RejectionsRepository } from './rejections.repository';

@Module({
  controllers: [RejectionsController],
  providers: [RejectionsRepository],
  exports: [RejectionsRepository],
})
export class RejectionsModule {}
