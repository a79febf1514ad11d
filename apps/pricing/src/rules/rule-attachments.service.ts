import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { transactionAtNow } from '@omni/database';
import { ApiError, type Change } from '@omni/platform';
import { DataSource } from 'typeorm';
import { AuditLogRepository } from '../audit/audit-log.repository';
import type { AttachedRuleDto, AttachRuleDto, RuleRunDto } from './dto/rules.dto';
import { PricingRuleEntity } from './pricing-rule.entity';
import { PricingRulesRepository } from './pricing-rules.repository';
import { RulePricingService } from './rule-pricing.service';

const view = (rule: PricingRuleEntity): AttachedRuleDto => ({
  id: rule.id,
  sku: rule.sku,
  rule: rule.rule,
  args: rule.args,
  channel: rule.channel,
  priority: rule.priority,
  enabled: rule.enabled,
  createdAt: rule.createdAt.toISOString(),
});

/** Rules attached to SKUs: checked against their plugin, stored, audited and run at once. */
@Injectable()
export class RuleAttachmentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rules: RulePricingService,
    private readonly audit: AuditLogRepository,
    private readonly repository: PricingRulesRepository,
  ) {}

  attach(body: AttachRuleDto, change: Change): Promise<AttachedRuleDto> {
    const plugin = this.rules.ruleOf(body.rule);
    if (plugin === undefined)
      throw new ApiError(
        400,
        'invalid_request',
        `rule: unknown rule ${body.rule}; expected one of ${this.rules.codes.join(', ')}`,
      );
    const args = plugin.args.safeParse(body.args);
    if (!args.success)
      throw new ApiError(400, 'invalid_request', `args: not valid for the ${body.rule} rule`, {
        details: {
          issues: args.error.issues.map((issue) => ({
            path: ['args', ...issue.path].join('.'),
            message: issue.message,
          })),
        },
      });
    return transactionAtNow(this.dataSource, async (tx, now) => {
      if (!(await this.repository.hasSettings(tx, body.sku)))
        throw new ApiError(
          422,
          'sku_settings_required',
          `SKU ${body.sku} has no floor and ceiling: PUT /v1/skus/${body.sku}/settings first`,
        );
      const rule = tx.create(PricingRuleEntity, {
        id: `rule_${randomUUID()}`,
        sku: body.sku,
        rule: body.rule,
        args: args.data as object,
        channel: body.channel ?? null,
        priority: body.priority,
        enabled: true,
        createdAt: now,
      });
      await this.repository.insert(tx, rule);
      await this.audit.record(
        tx,
        change,
        [{ action: 'rule.attached', subject: `rule:${rule.id}`, sku: rule.sku, after: view(rule) }],
        now,
      );
      await this.rules.run(tx, [rule.sku], now, `rule ${rule.id} attached`);
      return view(rule);
    });
  }

  async ofSku(sku: string): Promise<AttachedRuleDto[]> {
    return (await this.repository.ofSku(sku)).map(view);
  }

  dryRun(skus: string[], at: Date): Promise<RuleRunDto[]> {
    return this.rules.evaluate(this.dataSource.manager, skus, at);
  }
}
