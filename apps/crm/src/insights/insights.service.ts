import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@omni/platform';
import type { EntityManager } from 'typeorm';
import type { CrmConfig } from '../config/crm-config';
import { foldProfile } from '../customers/customer-profile';
import { CustomersRepository } from '../customers/customers.repository';
import { JourneyEngine } from '../journeys/journey-engine.service';
import { churnReason } from './churn-reasons';
import { predictClv, type ClvModel } from './clv';
import {
  daysBetween,
  netSpend,
  type ChurnReason,
  type CustomerFacts,
  type ValueTier,
} from './customer-facts';
import { InsightsRepository, type InsightUpdate, type StoredInsights } from './insights.repository';
import { lifecycleStage } from './lifecycle';
import { rfmScores, rfmValues, valueTier, type RfmBoundaries } from './rfm';
import type { SegmentSubject } from './segments/segment-rule';
import { SegmentsService } from './segments/segments.service';

const WATCHED = new Set(['at-risk', 'churned-short', 'churned-mid', 'churned-long']);

/**
 * Recomputes customers' insights (RFM against the last assessment's quintiles, lifecycle at
 * `asOf` from event times, value tier, churn reason, CLV), re-evaluates their segments, and
 * tells journeys about lifecycle moves (win-back enters on a churn stage).
 */
@Injectable()
export class InsightsService {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: CrmConfig,
    private readonly repository: InsightsRepository,
    private readonly segments: SegmentsService,
    private readonly journeys: JourneyEngine,
    private readonly customers: CustomersRepository,
  ) {}

  /** Each customer's traits as the profile merges them, for segment rules over traits. */
  private async traitsOf(
    tx: EntityManager,
    customerIds: readonly string[],
  ): Promise<Map<string, SegmentSubject['traits']>> {
    const byCustomer = new Map<string, Awaited<ReturnType<CustomersRepository['traitFacts']>>>();
    for (const fact of await this.customers.traitFacts(tx, customerIds)) {
      byCustomer.set(fact.customerId, [...(byCustomer.get(fact.customerId) ?? []), fact]);
    }
    const strategies = this.config.loyalty.traits;
    return new Map(
      [...byCustomer].map(([customerId, facts]) => [
        customerId,
        Object.fromEntries(
          Object.entries(foldProfile(facts, strategies).traits).map(([name, t]) => [name, t.value]),
        ),
      ]),
    );
  }

  async recompute(
    tx: EntityManager,
    customerIds: readonly string[],
    asOf: Date,
    model?: ClvModel,
    /** The channel event behind each customer's re-evaluation, named as a segment change's cause. */
    causes?: ReadonlyMap<string, string>,
  ): Promise<void> {
    if (customerIds.length === 0) return;
    const { currency } = this.config.insights;
    const facts = await this.repository.factsOf(tx, customerIds, currency, true);
    const before = new Map(
      (await this.repository.insightsOf(tx, customerIds)).map((row) => [row.customerId, row]),
    );
    const boundaries = await this.repository.boundaries(tx);
    const updates = facts.map((f) =>
      this.assess(f, asOf, boundaries, before.get(f.customerId), model),
    );
    await this.repository.save(tx, updates);
    const memberships = await this.segments.refresh(
      tx,
      async (withTraits) => {
        const traits = withTraits ? await this.traitsOf(tx, customerIds) : new Map();
        return new Map(
          facts.map((f, i) => [
            f.customerId,
            subjectOf(f, updates[i], asOf, traits.get(f.customerId) ?? {}),
          ]),
        );
      },
      asOf,
      causes,
    );
    await this.journeys.applySignals(
      tx,
      updates.flatMap((update) => {
        const previous = before.get(update.customerId)?.lifecycle ?? null;
        if (previous === update.lifecycle) return [];
        return [
          {
            signal: {
              kind: 'lifecycle' as const,
              customerId: update.customerId,
              stage: update.lifecycle,
              previousStage: previous,
              occurredAt: asOf,
              valueTier: (update.valueTier ?? undefined) as ValueTier | undefined,
              churnReason: (update.churnReason ?? undefined) as ChurnReason | undefined,
              segments: memberships.get(update.customerId) ?? [],
            },
            sourceKey: null,
          },
        ];
      }),
    );
  }

  /** The segment view of customers, from their stored insights. */
  async subjects(
    tx: EntityManager,
    customerIds: readonly string[],
  ): Promise<Map<string, SegmentSubject>> {
    const { currency } = this.config.insights;
    const facts = await this.repository.factsOf(tx, customerIds, currency, false);
    const stored = new Map(
      (await this.repository.insightsOf(tx, customerIds)).map((row) => [row.customerId, row]),
    );
    const now = new Date();
    const traits = await this.traitsOf(tx, customerIds);
    return new Map(
      facts.flatMap((f) => {
        const row = stored.get(f.customerId);
        return row
          ? [[f.customerId, subjectOf(f, row, now, traits.get(f.customerId) ?? {})] as const]
          : [];
      }),
    );
  }

  private assess(
    facts: CustomerFacts,
    asOf: Date,
    boundaries: RfmBoundaries | undefined,
    before: StoredInsights | undefined,
    model: ClvModel | undefined,
  ): InsightUpdate {
    const values = rfmValues(facts, asOf);
    const rfm = values && boundaries ? rfmScores(values, boundaries) : null;
    const lifecycle = lifecycleStage(facts, asOf, this.config.insights.lifecycle);
    const clv = model ? predictClv(facts, asOf, model) : undefined;
    return {
      customerId: facts.customerId,
      lifecycle,
      valueTier: valueTier(rfm ?? undefined),
      churnReason: WATCHED.has(lifecycle)
        ? churnReason(facts, this.config.insights.churnReasons).reason
        : null,
      rfm,
      clvCurrency: this.config.insights.currency,
      clvHistoricalMinor: netSpend(facts),
      // Only the scheduled assessment fits the model; between runs the last prediction holds.
      clvPredictedMinor: clv?.predictedMinor ?? before?.clvPredictedMinor ?? 0,
      assessedAt: asOf,
    };
  }
}

function subjectOf(
  facts: CustomerFacts,
  insights: Pick<
    StoredInsights,
    'lifecycle' | 'valueTier' | 'churnReason' | 'rfm' | 'clvPredictedMinor'
  >,
  asOf: Date,
  traits: SegmentSubject['traits'],
): SegmentSubject {
  return {
    lifecycle: insights.lifecycle,
    valueTier: insights.valueTier,
    churnReason: insights.churnReason,
    rfm: insights.rfm,
    orders: facts.orders.length,
    netSpendMinor: netSpend(facts),
    clvPredictedMinor: insights.clvPredictedMinor,
    daysSinceActivity: Math.floor(daysBetween(facts.lastActivityAt, asOf)),
    traits,
  };
}
