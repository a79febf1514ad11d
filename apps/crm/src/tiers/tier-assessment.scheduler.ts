import { Inject, Injectable } from '@nestjs/common';
import { PeriodicTask, SERVICE_CONFIG } from '@omni/platform';
import type { CrmConfig } from '../config/crm-config';
import { TiersService } from './tiers.service';

/** Runs the tier assessment every CRM_TIER_ASSESSMENT_INTERVAL_MS; downgrades happen only here and through the admin endpoint. */
@Injectable()
export class TierAssessmentScheduler extends PeriodicTask {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: CrmConfig,
    private readonly tiers: TiersService,
  ) {
    super('TierAssessment');
  }

  protected everyMs(): number {
    return this.config.loyalty.tiers.assessmentIntervalMs;
  }

  protected async runOnce(): Promise<string | undefined> {
    const counts = await this.tiers.assessAll(new Date());
    return `assessed ${counts.assessed}: ${counts.upgraded} up, ${counts.downgraded} down`;
  }
}
