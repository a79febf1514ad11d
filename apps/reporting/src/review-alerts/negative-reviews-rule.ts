import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { SERVICE_CONFIG } from '@omni/platform';
import type { AlertRule } from '../alerts/alert-rules';
import { AlertsService } from '../alerts/alerts.service';
import type { ReportingConfig } from '../config/reporting-config';

export const NEGATIVE_REVIEWS_RULE_ID = 'rule_default-negative-reviews';

/** The built-in anomaly rule on negative reviews per hour, as configured. */
export function negativeReviewsRule(config: ReportingConfig['reviews']): AlertRule {
  return {
    id: NEGATIVE_REVIEWS_RULE_ID,
    name: 'Negative-review spike',
    kind: 'anomaly',
    metric: 'negativeReviews',
    interval: 'hour',
    channel: null,
    campaignId: null,
    comparator: null,
    threshold: null,
    bandWidth: config.anomalyBandWidth,
    historyWindows: 7,
    cooldownMinutes: 60,
    severity: 'warning',
    enabled: config.defaultAnomalyRule,
  };
}

/**
 * Keeps the built-in negative-review rule as configured (REPORTING_NEGATIVE_REVIEW_ALERT*):
 * the setting, not DELETE /v1/alerts/rules/{id}, decides whether it is on after a restart.
 */
@Injectable()
export class NegativeReviewsRule implements OnApplicationBootstrap {
  constructor(
    private readonly alerts: AlertsService,
    @Inject(SERVICE_CONFIG) private readonly config: ReportingConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.alerts.configureRule(negativeReviewsRule(this.config.reviews));
  }
}
