import { Inject, Injectable } from '@nestjs/common';
import { PeriodicTask, SERVICE_CONFIG } from '@omni/platform';
import { DataSource } from 'typeorm';
import type { CrmConfig } from '../config/crm-config';
import { fitClvModel } from './clv';
import type { CustomerFacts } from './customer-facts';
import { InsightsRepository } from './insights.repository';
import { InsightsService } from './insights.service';
import { rfmBoundaries, rfmValues, type RfmValues } from './rfm';

const PAGE = 1_000;

/**
 * The scheduled assessment: RFM quintile cut points and the CLV model from every customer,
 * then every customer re-assessed at `asOf` a page per transaction, so lifecycle stages move
 * as time passes without events (and win-back enters when a customer slips into churn).
 */
@Injectable()
export class InsightsAssessor extends PeriodicTask {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: CrmConfig,
    private readonly repository: InsightsRepository,
    private readonly insights: InsightsService,
  ) {
    super(InsightsAssessor.name);
  }

  protected everyMs(): number {
    const { enabled, intervalMs } = this.config.insights.assessor;
    return enabled ? intervalMs : 0;
  }

  protected async runOnce(): Promise<string | undefined> {
    const assessed = await this.assess();
    return assessed > 0 ? `assessed ${assessed} customers` : undefined;
  }

  /** Assesses every customer as of `asOf`; returns how many. */
  async assess(asOf: Date = new Date()): Promise<number> {
    const { currency } = this.config.insights;
    const manager = this.dataSource.manager;
    const everyone: CustomerFacts[] = [];
    for (let after = ''; ;) {
      const ids = await this.repository.customerIdsAfter(manager, after, PAGE);
      if (ids.length === 0) break;
      everyone.push(...(await this.repository.factsOf(manager, ids, currency, false)));
      after = ids[ids.length - 1];
    }
    const values = everyone
      .map((facts) => rfmValues(facts, asOf))
      .filter((v): v is RfmValues => v !== undefined);
    const boundaries = rfmBoundaries(values);
    const model = fitClvModel(everyone, asOf);
    if (boundaries) {
      await this.dataSource.transaction((tx) =>
        this.repository.saveBoundaries(tx, boundaries, asOf),
      );
    }
    for (let i = 0; i < everyone.length; i += PAGE) {
      const ids = everyone.slice(i, i + PAGE).map((facts) => facts.customerId);
      await this.dataSource.transaction((tx) => this.insights.recompute(tx, ids, asOf, model));
    }
    return everyone.length;
  }
}
