import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@omni/platform';
import { In, type EntityManager } from 'typeorm';
import { AuditLogRepository, type AuditRecord } from '../audit/audit-log.repository';
import type { PricingConfig } from '../config/pricing-config';
import type { FairnessExemption, FairnessPolicy } from '../fairness/fairness-guard';
import { EffectivePricesService } from '../history/effective-prices.service';
import { fairnessViolations } from '../price-lists/publish-checks';
import type { PriceChangeCause } from '../price-events/price-changed';
import type { PriceCandidate } from '../selection/price-candidate';
import {
  PriceCatalogRepository,
  rulePriceCandidate,
  type RulePriceRow,
} from '../selection/price-catalog.repository';
import { selectPrice } from '../selection/select-price';
import { SkuSettings } from '../skus/sku-settings.entity';
import { PRICING_RULES } from './default-rules';
import type { RegisteredRule, SkuSignals } from './pricing-rule';
import { PricingRuleEntity } from './pricing-rule.entity';
import { decideRules, type RuleOutcome } from './rule-engine';
import { currentByKey, RulePricesRepository, rulePriceKey } from './rule-prices.repository';
import { SignalsRepository } from './signals.repository';

export type RuleRun = {
  sku: string;
  currency: string | null;
  /** Null: the rules for every channel. */
  channel: string | null;
  listPrice: number | null;
  signals: SkuSignals;
  outcome: RuleOutcome;
};

// Selection on a channel no price names: the unscoped list price an unscoped rule adjusts.
const NO_CHANNEL = '*';

/**
 * Runs the rules attached to SKUs: each proposal is clamped, rate-limited, checked for fairness,
 * audited with its inputs and, when it changes the price, stored as the SKU's rule price; the
 * effective prices, their history and price.changed follow in the same transaction.
 */
@Injectable()
export class RulePricingService {
  private readonly registry: ReadonlyMap<string, RegisteredRule>;
  private readonly policy: FairnessPolicy;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: PricingConfig,
    @Inject(PRICING_RULES) rules: readonly RegisteredRule[],
    private readonly catalog: PriceCatalogRepository,
    private readonly signals: SignalsRepository,
    private readonly rulePrices: RulePricesRepository,
    private readonly effective: EffectivePricesService,
    private readonly audit: AuditLogRepository,
  ) {
    this.registry = new Map(rules.map((rule) => [rule.code, rule]));
    this.policy = { memberGroups: config.groups.member, baselineGroups: config.groups.baseline };
  }

  ruleOf(code: string): RegisteredRule | undefined {
    return this.registry.get(code);
  }

  get codes(): string[] {
    return [...this.registry.keys()];
  }

  /** What the rules of these SKUs would do at `at`, without changing anything. */
  async evaluate(
    manager: EntityManager,
    skus: readonly string[],
    at: Date,
    options: { rateLimited: boolean } = { rateLimited: true },
  ): Promise<RuleRun[]> {
    return (await this.evaluateWithReads(manager, skus, at, options)).runs;
  }

  /**
   * The runs, and the list and rule prices of the ruled SKUs they were decided on: applying
   * them needs the same prices again, and reading them once per batch saves two round trips
   * per table.
   */
  private async evaluateWithReads(
    manager: EntityManager,
    skus: readonly string[],
    at: Date,
    options: { rateLimited: boolean },
  ): Promise<{ runs: RuleRun[]; listed: PriceCandidate[]; rulePriceRows: RulePriceRow[] }> {
    // One array parameter, so a 100,000-SKU publication stays within Postgres' parameter limit.
    const attached = await manager
      .getRepository(PricingRuleEntity)
      .createQueryBuilder('rule')
      .where('rule.sku = ANY(:skus) AND rule.enabled', { skus: [...skus] })
      .getMany();
    const ruled = [...new Set(attached.map((rule) => rule.sku))];
    if (ruled.length === 0) return { runs: [], listed: [], rulePriceRows: [] };
    // One after another: the manager may be a transaction's, which is one connection.
    const settings = await manager.findBy(SkuSettings, { sku: In(ruled) });
    const listed = await this.catalog.listed(manager, ruled);
    const rulePriceRows = await this.rulePrices.rowsOf(manager, ruled);
    const currentPrices = currentByKey(rulePriceRows);
    const signals = await this.signals.signalsOf(
      manager,
      ruled,
      at,
      this.config.rules.demandBaselineDays,
    );
    const settingsOf = new Map(settings.map((row) => [row.sku, row]));
    // Grouped once: filtering every list per SKU was quadratic in the SKUs of a batch.
    const group = <T extends { sku: string }>(items: readonly T[]) => {
      const bySku = new Map<string, T[]>();
      for (const item of items) {
        const list = bySku.get(item.sku);
        if (list === undefined) bySku.set(item.sku, [item]);
        else list.push(item);
      }
      return bySku;
    };
    const attachedOf = group(attached);
    const listedOf = group(listed);
    const runs: RuleRun[] = [];
    for (const sku of ruled) {
      const bounds = settingsOf.get(sku);
      const skuSignals = signals.get(sku) ?? { competitors: [] };
      const byChannel = new Map<string, PricingRuleEntity[]>();
      for (const rule of attachedOf.get(sku) ?? []) {
        const channel = rule.channel ?? '';
        byChannel.set(channel, [...(byChannel.get(channel) ?? []), rule]);
      }
      for (const [channel, rules] of byChannel) {
        const currency = bounds?.currency ?? null;
        const listPrice =
          currency === null
            ? undefined
            : selectPrice(
                (listedOf.get(sku) ?? []).filter((p) => p.currency === currency),
                { channel: channel || NO_CHANNEL, customerGroups: [], at, quantity: 1 },
                { explain: false },
              ).selected?.amount;
        const current =
          currency === null
            ? undefined
            : currentPrices.get(rulePriceKey({ sku, currency, channel }));
        const outcome: RuleOutcome =
          listPrice === undefined || currency === null
            ? {
                evaluations: [],
                decision:
                  current !== undefined
                    ? {
                        kind: 'clear',
                        explanation: `no list price in ${currency} any more: the rule price is withdrawn`,
                      }
                    : {
                        kind: 'skipped',
                        explanation:
                          currency === null
                            ? 'no floor and ceiling: set the SKU settings first'
                            : `no list price in ${currency} for the rules to start from`,
                      },
              }
            : decideRules(
                rules,
                { sku, currency, listPrice, signals: skuSignals, at },
                {
                  registry: this.registry,
                  bounds,
                  current,
                  minIntervalMs: options.rateLimited ? this.config.rules.minIntervalMs : 0,
                  now: at,
                },
              );
        runs.push({
          sku,
          currency,
          channel: channel === '' ? null : channel,
          listPrice: listPrice ?? null,
          signals: skuSignals,
          outcome,
        });
      }
    }
    return { runs, listed, rulePriceRows };
  }

  /** Runs and applies the rules of these SKUs in `tx`. Returns the runs, with refusals folded in. */
  async run(
    tx: EntityManager,
    skus: readonly string[],
    now: Date,
    trigger: string,
    options: { rateLimited: boolean } = { rateLimited: true },
  ): Promise<RuleRun[]> {
    const { runs, listed, rulePriceRows } = await this.evaluateWithReads(tx, skus, now, options);
    if (runs.length === 0) return runs;
    const applied = runs.filter((run) => run.outcome.decision.kind === 'apply');
    const exemptions = applied.length > 0 ? await this.catalog.exemptions(tx) : [];
    const unfair = this.unfairResults(
      applied,
      [...listed, ...rulePriceRows.map(rulePriceCandidate)],
      exemptions,
      now,
    );
    const audits: AuditRecord[] = [];
    const set: Parameters<RulePricesRepository['set']>[1][number][] = [];
    const cleared: { sku: string; currency: string; channel: string }[] = [];
    const causes = new Map<string, PriceChangeCause>();
    for (const run of runs) {
      const { decision } = run.outcome;
      if (decision.kind === 'unchanged') continue;
      const key = { sku: run.sku, currency: run.currency ?? '', channel: run.channel ?? '' };
      let action = `rule.${decision.kind}`;
      let refusal: unknown;
      if (decision.kind === 'apply') {
        refusal = unfair.get(rulePriceKey(key));
        if (refusal !== undefined) action = 'rule.refused-unfair';
        else {
          action = decision.clamped === null ? 'rule.applied' : 'rule.clamped';
          set.push({
            ...key,
            amount: decision.amount,
            proposed: decision.proposed,
            clamped: decision.clamped,
            ruleId: decision.ruleId,
          });
          causes.set(run.sku, {
            reason: decision.explanation,
            correlationId: `rule-${decision.ruleId}-${now.getTime()}`,
            ruleId: decision.ruleId,
          });
        }
      } else if (decision.kind === 'clear') {
        cleared.push(key);
        causes.set(run.sku, {
          reason: decision.explanation,
          correlationId: `rules-cleared-${run.sku}-${now.getTime()}`,
        });
      }
      audits.push({
        action,
        subject: `sku:${run.sku}`,
        sku: run.sku,
        after: {
          trigger,
          channel: run.channel,
          currency: run.currency,
          listPrice: run.listPrice,
          inputs: run.signals,
          evaluations: run.outcome.evaluations,
          decision,
          ...(refusal === undefined ? {} : { fairnessViolation: refusal }),
        },
      });
    }
    await this.rulePrices.set(tx, set, now);
    await this.rulePrices.clear(tx, cleared);
    await this.audit.record(tx, { actor: 'pricing:rules', reason: trigger }, audits, now);
    const changed = [...causes.keys()];
    if (changed.length > 0) {
      // The prices selection now chooses from, as a read after the writes above would give them.
      const rulePricesAfter = new Map(rulePriceRows.map((row) => [rulePriceKey(row), row]));
      for (const key of cleared) rulePricesAfter.delete(rulePriceKey(key));
      for (const row of set)
        rulePricesAfter.set(rulePriceKey(row), {
          sku: row.sku,
          currency: row.currency,
          channel: row.channel,
          amount: row.amount,
          rule_id: row.ruleId,
          decided_at: now,
        });
      const changedSkus = new Set(changed);
      await this.effective.refresh(
        tx,
        changed,
        now,
        { reason: 'dynamic rule result', correlationId: `rules-${now.getTime()}` },
        causes,
        {
          candidates: [
            ...listed.filter((price) => changedSkus.has(price.sku)),
            ...[...rulePricesAfter.values()]
              .filter((row) => changedSkus.has(row.sku))
              .map(rulePriceCandidate),
          ],
          exemptions: applied.length > 0 ? exemptions : await this.catalog.exemptions(tx),
        },
      );
    }
    return runs;
  }

  /** Rule results that would make a member group pay more than the baseline, by rule price key. */
  private unfairResults(
    runs: readonly RuleRun[],
    candidates: readonly PriceCandidate[],
    exemptions: readonly FairnessExemption[],
    now: Date,
  ) {
    const unfair = new Map<string, unknown>();
    // Grouped once: filtering every candidate per run was quadratic in the SKUs of a batch.
    const bySkuAndCurrency = new Map<string, PriceCandidate[]>();
    for (const price of candidates) {
      const key = `${price.sku}\u0000${price.currency}`;
      const list = bySkuAndCurrency.get(key);
      if (list === undefined) bySkuAndCurrency.set(key, [price]);
      else list.push(price);
    }
    for (const run of runs) {
      const decision = run.outcome.decision;
      if (decision.kind !== 'apply' || run.currency === null) continue;
      const proposed = rulePriceCandidate({
        sku: run.sku,
        currency: run.currency,
        channel: run.channel ?? '',
        amount: decision.amount,
        rule_id: decision.ruleId,
        decided_at: now,
      });
      const others = (bySkuAndCurrency.get(`${run.sku}\u0000${run.currency}`) ?? []).filter(
        (price) => price.id !== proposed.id,
      );
      const violation = fairnessViolations([...others, proposed], this.policy, exemptions).find(
        (found) => found.baselinePriceId === proposed.id,
      );
      if (violation !== undefined)
        unfair.set(
          rulePriceKey({ sku: run.sku, currency: run.currency, channel: run.channel ?? '' }),
          violation,
        );
    }
    return unfair;
  }
}
