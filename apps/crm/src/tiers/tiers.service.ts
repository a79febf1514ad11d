import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Tier } from '@omni/contracts';
import { Outbox, type OutboxMessage } from '@omni/messaging';
import { pageOf, SERVICE_CONFIG, type Page } from '@omni/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { CrmConfig } from '../config/crm-config';
import { CustomersRepository } from '../customers/customers.repository';
import { customerNotFound } from '../customers/merged-customer';
import { TierChangesRepository, type TierChange } from './tier-changes.repository';
import type { EntryCause } from '../points/points-events';
import { tierChangedMessage } from './tier-events';
import {
  decideTier,
  qualifiedTier,
  tierScore,
  type TierActivity,
  type TierBenefits,
  type TierPolicy,
} from './tier-rules';

const DAY_MS = 86_400_000;

/** Tier moves: up at once on qualifying activity, down one step at a scheduled assessment; each audited and published. */
@Injectable()
export class TiersService {
  private readonly policy: TierPolicy;
  private readonly topic: string;

  constructor(
    @Inject(SERVICE_CONFIG) config: CrmConfig,
    private readonly dataSource: DataSource,
    private readonly customers: CustomersRepository,
    private readonly changesLog: TierChangesRepository,
    private readonly outbox: Outbox,
  ) {
    this.policy = config.loyalty.tiers;
    this.topic = config.topics.customerChanges;
  }

  benefitsOf(tier: Tier): TierBenefits {
    return this.policy.benefits[tier];
  }

  /** The first tier of a new customer: Regular, published without a previous tier. */
  assignFirst(tx: EntityManager, customerId: string, at: Date, cause: EntryCause): Promise<void> {
    return this.assignFirstMany(tx, [{ customerId, at, cause }]);
  }

  /** First tiers of many new customers: one audit statement and one outbox statement. */
  async assignFirstMany(
    tx: EntityManager,
    customers: readonly { customerId: string; at: Date; cause: EntryCause }[],
  ): Promise<void> {
    const changes = customers.map(({ customerId, at, cause }) => ({
      change: {
        changeId: randomUUID(),
        customerId,
        previousTier: null,
        tier: 'regular' as const,
        reason: 'qualifying-activity' as const,
        assessment: { points: 0, orders: 0, engagement: 0, score: 0 },
        occurredAt: at,
      },
      cause,
    }));
    await this.changesLog.insertMany(
      tx,
      changes.map(({ change }) => change),
    );
    await this.outbox.enqueueMany(
      tx,
      changes.map(({ change, cause }) => this.message(change, cause)),
    );
  }

  /** Audits changes decided elsewhere, in one statement; the caller publishes them (message). */
  audit(tx: EntityManager, changes: readonly TierChange[]): Promise<void> {
    return this.changesLog.insertMany(tx, changes);
  }

  /** customer.tier-changed for an audited change, ready for the outbox. */
  message(change: TierChange, cause: EntryCause): OutboxMessage {
    return tierChangedMessage(this.topic, change, this.benefitsOf(change.tier), cause);
  }

  get settings(): TierPolicy {
    return this.policy;
  }

  /** After qualifying activity at `at` (event time): an upgrade if the window now qualifies for more. The caller holds the customer's lock. */
  async afterActivity(
    tx: EntityManager,
    customerId: string,
    current: Tier,
    at: Date,
    cause: EntryCause,
  ): Promise<Tier> {
    return this.decide(tx, customerId, current, at, 'activity', cause);
  }

  /** Sets a tier decided elsewhere (a merge keeps the higher tier), audited and published. */
  async setTier(
    tx: EntityManager,
    customerId: string,
    previousTier: Tier,
    tier: Tier,
    at: Date,
    cause: EntryCause,
  ): Promise<void> {
    const { activity } = await this.qualification(tx, customerId, at);
    await this.customers.setTier(tx, customerId, tier, at);
    await this.record(
      tx,
      {
        changeId: randomUUID(),
        customerId,
        previousTier,
        tier,
        reason: 'qualifying-activity',
        assessment: activity,
        occurredAt: at,
      },
      cause,
    );
  }

  /** Assesses every customer as of `now`: upgrades and one-step downgrades. */
  async assessAll(now: Date): Promise<{ assessed: number; upgraded: number; downgraded: number }> {
    const counts = { assessed: 0, upgraded: 0, downgraded: 0 };
    let after: string | null = null;
    for (;;) {
      const ids = await this.customers.allIds(this.dataSource.manager, after, 500);
      if (ids.length === 0) return counts;
      for (const customerId of ids) {
        await this.dataSource.transaction(async (tx) => {
          const customer = await this.customers.lock(tx, customerId);
          if (customer === undefined) return;
          const id = randomUUID();
          const tier = await this.decide(tx, customerId, customer.tier, now, 'assessment', {
            correlationId: id,
            causationId: id,
          });
          counts.assessed += 1;
          if (tier !== customer.tier) {
            if (TIER_ORDER[tier] > TIER_ORDER[customer.tier]) counts.upgraded += 1;
            else counts.downgraded += 1;
          }
        });
      }
      after = ids[ids.length - 1];
    }
  }

  /** A page of the customer's tier changes in the order they happened. */
  changesPage(
    customerId: string,
    page: { after?: string; limit: number },
  ): Promise<Page<TierChange & { seq: string }>> {
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      if ((await this.customers.find(tx, customerId)) === undefined)
        throw customerNotFound(customerId);
      const rows = await this.changesLog.changesAfter(tx, customerId, page.after, page.limit + 1);
      return pageOf(rows, page.limit, (row) => row.seq);
    });
  }

  changes(tx: EntityManager, customerId: string): Promise<TierChange[]> {
    return this.changesLog.changes(tx, customerId);
  }

  /** The tier the customer's window as of `at` qualifies for, with the figures. */
  async qualification(
    tx: EntityManager,
    customerId: string,
    at: Date,
  ): Promise<{ tier: Tier; activity: TierActivity & { score: number } }> {
    const from = new Date(at.getTime() - this.policy.windowDays * DAY_MS);
    const activity = await this.customers.activity(tx, customerId, from, at);
    return {
      tier: qualifiedTier(activity, this.policy),
      activity: { ...activity, score: tierScore(activity, this.policy.weights) },
    };
  }

  private async decide(
    tx: EntityManager,
    customerId: string,
    current: Tier,
    at: Date,
    moment: 'activity' | 'assessment',
    cause: EntryCause,
  ): Promise<Tier> {
    const { tier: qualified, activity } = await this.qualification(tx, customerId, at);
    const decision = decideTier(current, qualified, moment);
    if (!decision.change) return current;
    await this.customers.setTier(tx, customerId, decision.tier, at);
    await this.record(
      tx,
      {
        changeId: randomUUID(),
        customerId,
        previousTier: decision.previousTier,
        tier: decision.tier,
        reason: moment === 'activity' ? 'qualifying-activity' : 'assessment',
        assessment: activity,
        occurredAt: at,
      },
      cause,
    );
    return decision.tier;
  }

  private async record(tx: EntityManager, change: TierChange, cause: EntryCause): Promise<void> {
    await this.changesLog.insert(tx, change);
    await this.outbox.enqueue(tx, this.message(change, cause));
  }
}

const TIER_ORDER: Record<Tier, number> = { regular: 0, silver: 1, gold: 2, diamond: 3 };
