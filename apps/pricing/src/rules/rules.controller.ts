import { Body, Query } from '@nestjs/common';
import { Actor, AdminController, Endpoint, changeOf } from '@omni/platform';
import { z } from 'zod';
import {
  AttachedRuleDto,
  AttachRuleDto,
  DryRunDto,
  RuleCatalogEntryDto,
  RuleRunDto,
  RulesQueryDto,
} from './dto/rules.dto';
import { RuleAttachmentsService } from './rule-attachments.service';
import { RulePricingService } from './rule-pricing.service';

@AdminController('v1/rules', 'rules', { 400: 'invalid_request' })
export class RulesController {
  constructor(
    private readonly rules: RulePricingService,
    private readonly attachments: RuleAttachmentsService,
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
  attach(@Body() body: AttachRuleDto, @Actor() actor?: string) {
    return this.attachments.attach(body, changeOf(body, actor));
  }

  @Endpoint('GET', { summary: 'The rules attached to a SKU', answer: [AttachedRuleDto] })
  list(@Query() query: RulesQueryDto) {
    return this.attachments.ofSku(query.sku);
  }

  @Endpoint('POST dry-run', {
    summary:
      'What the rules of these SKUs would do now (or at `at`), with their inputs, changing nothing',
    answer: [RuleRunDto],
    status: 200,
  })
  dryRun(@Body() body: DryRunDto) {
    return this.attachments.dryRun(body.skus, body.at ?? new Date());
  }
}
