import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { HistoryModule } from '../history/history.module';
import { defaultRules, PRICING_RULES } from './default-rules';
import { FeedEventsConsumer } from './feed-events.consumer';
import { PricingRulesRepository } from './pricing-rules.repository';
import { RuleAttachmentsService } from './rule-attachments.service';
import { RulePricesRepository } from './rule-prices.repository';
import { RulePricingService } from './rule-pricing.service';
import { RuleScheduler } from './rule-scheduler.service';
import { RulesController } from './rules.controller';
import { SignalsRepository } from './signals.repository';

@Module({
  imports: [AuditModule, HistoryModule],
  controllers: [RulesController],
  providers: [
    { provide: PRICING_RULES, useValue: defaultRules },
    SignalsRepository,
    RulePricesRepository,
    PricingRulesRepository,
    RulePricingService,
    RuleAttachmentsService,
    FeedEventsConsumer,
    RuleScheduler,
  ],
  exports: [RulePricingService],
})
export class RulesModule {}
