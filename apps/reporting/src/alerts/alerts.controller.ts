import { Body, Param, Query } from '@nestjs/common';
import { AdminController, Endpoint } from '@omni/platform';
import type { AlertRule } from './alert-rules';
import { AlertsService } from './alerts.service';
import {
  AcknowledgeDto,
  AlertDto,
  AlertListQueryDto,
  AlertParamsDto,
  AlertRuleDto,
  CreateAlertRuleDto,
  RuleParamsDto,
} from './dto/alerts.dto';

@AdminController('v1/alerts', 'alerts', { 400: 'invalid_request' })
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Endpoint('POST rules', {
    summary:
      'Create a threshold rule (value above or below) or an anomaly rule (outside mean ± k·sd of the same hour on earlier days, or weekday in earlier weeks) on a KPI, per channel or campaign, with a cool-down.',
    answer: AlertRuleDto,
  })
  createRule(@Body() body: CreateAlertRuleDto): Promise<AlertRule> {
    const { comparator, threshold, bandWidth, historyWindows, ...common } = body;
    return this.alerts.createRule(
      body.kind === 'threshold'
        ? {
            ...common,
            comparator: comparator ?? null,
            threshold: threshold ?? null,
            bandWidth: null,
            historyWindows: null,
          }
        : {
            ...common,
            comparator: null,
            threshold: null,
            bandWidth: bandWidth ?? 3,
            historyWindows: historyWindows ?? 7,
          },
    );
  }

  @Endpoint('GET rules', {
    summary: 'Every alert rule, disabled ones too.',
    answer: [AlertRuleDto],
  })
  rules(): Promise<AlertRule[]> {
    return this.alerts.rules();
  }

  @Endpoint('DELETE rules/:ruleId', {
    summary: 'Disable a rule; the alerts it raised stay.',
    status: 204,
    errors: { 404: 'rule_not_found' },
  })
  async disable(@Param() { ruleId }: RuleParamsDto): Promise<void> {
    await this.alerts.disableRule(ruleId);
  }

  @Endpoint('GET', {
    summary: 'Alerts, newest first: open (unacknowledged), acknowledged or all.',
    answer: [AlertDto],
  })
  list(@Query() { status, limit }: AlertListQueryDto): Promise<AlertDto[]> {
    return this.alerts.list(status, limit);
  }

  @Endpoint('POST :alertId/acknowledge', {
    summary: 'Acknowledge an alert (stops its escalation); acknowledging again changes nothing.',
    answer: AlertDto,
    status: 200,
    errors: { 404: 'alert_not_found' },
  })
  acknowledge(
    @Param() { alertId }: AlertParamsDto,
    @Body() { actor }: AcknowledgeDto,
  ): Promise<AlertDto> {
    return this.alerts.acknowledge(alertId, actor, new Date());
  }
}
