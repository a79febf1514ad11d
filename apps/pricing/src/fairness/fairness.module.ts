import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { FairnessCorrectionsRepository } from './fairness-corrections.repository';
import { FairnessController } from './fairness.controller';
import { FairnessExemptionsService } from './fairness-exemptions.service';

@Module({
  imports: [AuditModule],
  controllers: [FairnessController],
  providers: [FairnessCorrectionsRepository, FairnessExemptionsService],
  exports: [FairnessCorrectionsRepository],
})
export class FairnessModule {}
