import { Inject, Injectable } from '@nestjs/common';
import { PeriodicTask, SERVICE_CONFIG } from '@omni/platform';
import type { ReportingConfig } from '../config/reporting-config';
import { AlertsService } from './alerts.service';

/** Evaluates alert rules and escalations every REPORTING_ALERT_EVALUATION_MS. */
@Injectable()
export class AlertsScheduler extends PeriodicTask {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ReportingConfig,
    private readonly alerts: AlertsService,
  ) {
    super('Alerts');
  }

  protected everyMs(): number {
    return this.config.alerts.evaluationIntervalMs;
  }

  protected async runOnce(): Promise<string | undefined> {
    const now = new Date();
    await this.alerts.evaluate(now);
    await this.alerts.escalate(now);
    return undefined;
  }
}
