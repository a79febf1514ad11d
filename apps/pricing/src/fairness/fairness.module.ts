import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { FairnessCorrectionsRepository } from './fairness-corrections.repository';
import { FairnessController } from './fairness.controller';

@Module({
  imports: [AuditModule],
  controllers: [FairnessController],
  providers: [FairnessCorrectionsRepository],
  exports: [FairnessCorrectionsRepository],
})
export class FairnessModule {}
