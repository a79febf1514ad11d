import { randomUUID } from 'node:crypto';
import { Body, Headers, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ACTOR_HEADER, AdminController, ApiError, Endpoint, changeOf } from '@omni/platform';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { AuditService } from '../audit/audit.service';
import {
  AttachedRuleDto,
  AttachRuleDto,
  DryRunDto,
  RuleCatalogEntryDto,
  RuleRunDto,
  RulesQueryDto,
} from './dto/rules.dto';
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

@AdminController('v1/rules', 'rules', { 400: 'invalid_request' })
export class RulesController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rules: RulePricingService,
    private readonly audit: AuditService,
    private readonly repository: PricingRulesRepository,
  ) {}

  @Endpoint('GET catalog', {
    summary: 'The registered rules with their arguments as JSON Schema',
    answer: [RuleCatalogEntryDto],
  })
  catalog(): RuleCatalogEntryDto[] {
    return this.rules.codes.map((code) => {
      const rule = this.rules.ruleOf(code);
      return {
        code,
        description: rule?.description ?? '',
        args: rule === undefined ? {} : (z.toJSONSchema(rule.args, { io: 'input' }) as object),
      };
    });
  }

  @Endpoint('POST', {
    summary:
      'Attach a rule to a SKU (its floor and ceiling must be set); the rules run at once and on every feed event of the SKU. Audited.',
    answer: AttachedRuleDto,
    errors: { 422: 'sku_settings_required' },
  })
  async attach(@Body() body: AttachRuleDto, @Headers(ACTOR_HEADER) header?: string) {
    const change = changeOf(body, header);
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
    const now = new Date();
    return this.dataSource.transaction(async (tx) => {
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

  @Endpoint('GET', { summary: 'The rules attached to a SKU', answer: [AttachedRuleDto] })
  async list(@Query() query: RulesQueryDto) {
    return (await this.repository.ofSku(query.sku)).map(view);
  }

  @Endpoint('POST dry-run', {
    summary:
      'What the rules of these SKUs would do now (or at `at`), with their inputs, changing nothing',
    answer: [RuleRunDto],
    status: 200,
  })
  dryRun(@Body() body: DryRunDto) {
    return this.rules.evaluate(this.dataSource.manager, body.skus, body.at ?? new Date());
  }
}
