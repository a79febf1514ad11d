import { Body, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { AdminController, ApiErrors } from '@omni/platform';
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

  @Post('rules')
  @ApiOperation({
    summary:
      'Create a threshold rule (value above or below) or an anomaly rule (outside mean ± k·sd of the same hour on earlier days, or weekday in earlier weeks) on a KPI, per channel or campaign, with a cool-down.',
  })
  @ApiOkResponse({ type: AlertRuleDto })
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

  @Get('rules')
  @ApiOperation({ summary: 'Every alert rule, disabled ones too.' })
  @ApiOkResponse({ type: [AlertRuleDto] })
  rules(): Promise<AlertRule[]> {
    return this.alerts.rules();
  }

  @Delete('rules/:ruleId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Disable a rule; the alerts it raised stay.' })
  @ApiNoContentResponse()
  @ApiErrors({ 404: 'rule_not_found' })
  async disable(@Param() { ruleId }: RuleParamsDto): Promise<void> {
    await this.alerts.disableRule(ruleId);
  }

  @Get()
  @ApiOperation({ summary: 'Alerts, newest first: open (unacknowledged), acknowledged or all.' })
  @ApiOkResponse({ type: [AlertDto] })
  list(@Query() { status, limit }: AlertListQueryDto): Promise<AlertDto[]> {
    return this.alerts.list(status, limit);
  }

  @Post(':alertId/acknowledge')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Acknowledge an alert (stops its escalation); acknowledging again changes nothing.',
  })
  @ApiOkResponse({ type: AlertDto })
  @ApiErrors({ 404: 'alert_not_found' })
  acknowledge(
    @Param() { alertId }: AlertParamsDto,
    @Body() { actor }: AcknowledgeDto,
  ): Promise<AlertDto> {
    return this.alerts.acknowledge(alertId, actor, new Date());
  }
}
