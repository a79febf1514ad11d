import { Inject, Injectable } from '@nestjs/common';
import { PeriodicTask, SERVICE_CONFIG } from '@omni/platform';
import { DataSource } from 'typeorm';
import type { PricingConfig } from '../config/pricing-config';
import { PricingRulesRepository } from './pricing-rules.repository';
import { RulePricingService } from './rule-pricing.service';

// One replica at a time runs a tick; the others skip it.
const TICK_LOCK = 'pricing.rule-tick';

/**
 * Runs the rules of SKUs that have a scheduled rule every PRICING_RULE_TICK_MS, since no feed
 * event marks the moment a stage starts or ends. A tick changes what a feed event would.
 */
@Injectable()
export class RuleScheduler extends PeriodicTask {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: PricingConfig,
    private readonly rules: RulePricingService,
    private readonly repository: PricingRulesRepository,
  ) {
    super(RuleScheduler.name);
  }

  protected everyMs(): number {
    return this.config.rules.tickMs;
  }

  protected async runOnce(): Promise<string | undefined> {
    await this.tick();
    return undefined;
  }

  /** Runs the scheduled SKUs' rules now, if no other replica is doing so. */
  async tick(): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      if (!(await this.repository.tryLock(tx, TICK_LOCK))) return;
      const skus = await this.repository.scheduledSkus(tx);
      if (skus.length > 0) await this.rules.run(tx, skus, new Date(), 'scheduled tick');
    });
  }
}
