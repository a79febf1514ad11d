import { Module } from '@nestjs/common';
import { AuditRepository } from '../audit/audit.repository';
import { CampaignsController } from './campaigns.controller';
import { CampaignsRepository } from './campaigns.repository';
import { CampaignsService } from './campaigns.service';
import { ruleRegistryProvider, RULE_REGISTRY } from './rule-registry.provider';

/** Campaigns and their promotions: the admin API and the approval workflow. */
@Module({
  controllers: [CampaignsController],
  providers: [CampaignsRepository, CampaignsService, AuditRepository, ruleRegistryProvider],
  exports: [CampaignsRepository, CampaignsService, RULE_REGISTRY],
})
export class CampaignsModule {}
