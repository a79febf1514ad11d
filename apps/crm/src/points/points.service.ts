import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Outbox } from '@omni/messaging';
import { ApiError, SERVICE_CONFIG } from '@omni/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { CrmConfig } from '../config/crm-config';
import { CustomersRepository } from '../customers/customers.repository';
import { allocateBurn, type Allocation } from './allocate-burn';
import { pointsChangedMessage, type EntryCause } from './points-events';
import { lotExpiry, type PointsPolicy } from './points-rules';
import {
  PointsRepository,
  type EntryType,
  type LedgerEntry,
  type LotSource,
  type Redemption,
} from './points.repository';
import { customerNotFound } from '../customers/merged-customer';

export type EarnRequest = {
  customerId: string;
  source: LotSource;
  points: number;
  /** Tier-qualifying points written beside the lot (0: none). */
  tierPoints: number;
  orderId: string | null;
  eventKey: string | null;
  earnedAt: Date;
  entryType: 'earn' | 'adjust';
  reason: string | null;
  cause: EntryCause;
};

export type RedemptionRequest = { points: number; reference?: string };

export type RedemptionResult = {
  redemptionId: string;
  customerId: string;
  points: number;
  reference: string | null;
  balance: number;
  lots: Allocation[];
  createdAt: string;
};

/**
 * The points ledger. Every change happens with the customer's row locked, writes one ledger
 * entry per lot it touches (so a lot's remaining is its earned points plus its entries, and
 * the balance is the sum of the ledger), and publishes each entry as customer.points-changed
 * through the outbox.
 */
@Injectable()
export class PointsService {
  private readonly policy: PointsPolicy;
  private readonly topic: string;

  constructor(
    @Inject(SERVICE_CONFIG) config: CrmConfig,
    private readonly dataSource: DataSource,
    private readonly points: PointsRepository,
    private readonly customers: CustomersRepository,
    private readonly outbox: Outbox,
  ) {
    this.policy = config.loyalty.points;
    this.topic = config.topics.customerChanges;
  }

  get settings(): PointsPolicy {
    return this.policy;
  }

  /** A new lot (earn or positive adjustment) expiring at the end of the month N months on. */
  async earn(tx: EntityManager, request: EarnRequest): Promise<void> {
    if (request.tierPoints !== 0 && request.eventKey !== null) {
      await this.points.addTierPoints(tx, {
        eventKey: request.eventKey,
        customerId: request.customerId,
        orderId: request.orderId,
        points: request.tierPoints,
        occurredAt: request.earnedAt,
      });
    }
    if (request.points <= 0) return;
    const lotId = randomUUID();
    await this.points.insertLot(tx, {
      lotId,
      customerId: request.customerId,
      source: request.source,
      orderId: request.orderId,
      eventKey: request.eventKey,
      earned: request.points,
      remaining: request.points,
      earnedAt: request.earnedAt,
      expiresAt: lotExpiry(request.earnedAt, this.policy.expiryMonths),
    });
    await this.write(
      tx,
      request.customerId,
      [
        this.entry(request.customerId, request.entryType, request.points, {
          lotId,
          orderId: request.orderId,
          eventKey: request.eventKey,
          reason: request.reason,
          occurredAt: request.earnedAt,
        }),
      ],
      request.cause,
      request.tierPoints > 0,
    );
  }

  /** Burns `points` earliest-expiring first, or refuses with 409 insufficient_points and writes nothing. */
  async burn(
    tx: EntityManager,
    customerId: string,
    points: number,
    details: {
      entryType: 'burn' | 'adjust';
      redemptionId: string | null;
      reason: string | null;
      at: Date;
      cause: EntryCause;
    },
  ): Promise<{ allocations: Allocation[]; balance: number }> {
    const lots = await this.points.spendableLots(tx, customerId, details.at);
    const balance = await this.points.available(tx, customerId, details.at);
    const { allocations, short } = allocateBurn(lots, points);
    if (points > balance || short > 0) {
      throw new ApiError(
        409,
        'insufficient_points',
        `the balance covers ${Math.max(0, Math.min(balance, points - short))} of ${points} points`,
        {
          details: { requested: points, available: Math.max(0, Math.min(balance, points - short)) },
        },
      );
    }
    await this.write(
      tx,
      customerId,
      allocations.map((a) =>
        this.entry(customerId, details.entryType, -a.points, {
          lotId: a.lotId,
          redemptionId: details.redemptionId,
          reason: details.reason,
          occurredAt: details.at,
        }),
      ),
      details.cause,
      false,
    );
    return { allocations, balance: await this.points.balance(tx, customerId) };
  }

  /**
   * Redeems points once per Idempotency-Key: a repeated key with the same request answers what
   * the first did; with another request it is refused.
   */
  async redeem(
    customerId: string,
    idempotencyKey: string,
    request: RedemptionRequest,
  ): Promise<{ result: RedemptionResult; replayed: boolean }> {
    return this.dataSource.transaction(async (tx) => {
      const customer = await this.customers.lock(tx, customerId);
      if (customer === undefined) throw customerNotFound(customerId);
      const earlier = await this.points.redemptionByKey(tx, idempotencyKey);
      if (earlier !== undefined) {
        const same =
          earlier.customerId === customerId &&
          earlier.points === request.points &&
          earlier.reference === (request.reference ?? null);
        if (!same) {
          throw new ApiError(
            409,
            'idempotency_key_reused',
            'this Idempotency-Key was used for a different redemption',
          );
        }
        return { result: redemptionResult(earlier), replayed: true };
      }
      const redemptionId = randomUUID();
      const at = new Date();
      const { allocations, balance } = await this.burn(tx, customerId, request.points, {
        entryType: 'burn',
        redemptionId,
        reason: request.reference ?? null,
        at,
        cause: { correlationId: redemptionId, causationId: redemptionId },
      });
      const redemption = {
        redemptionId,
        idempotencyKey,
        customerId,
        points: request.points,
        reference: request.reference ?? null,
        allocations,
        balanceAfter: balance,
        createdAt: at,
      };
      await this.points.insertRedemption(tx, redemption);
      return { result: redemptionResult(redemption), replayed: false };
    });
  }

  /** A manual adjustment: a positive one is a lot of its own, a negative one burns like a redemption. */
  async adjust(
    customerId: string,
    request: { points: number; reason: string },
  ): Promise<{ balance: number }> {
    return this.dataSource.transaction(async (tx) => {
      const customer = await this.customers.lock(tx, customerId);
      if (customer === undefined) throw customerNotFound(customerId);
      const id = randomUUID();
      const cause = { correlationId: id, causationId: id };
      const at = new Date();
      if (request.points > 0) {
        await this.earn(tx, {
          customerId,
          source: 'adjustment',
          points: request.points,
          tierPoints: 0,
          orderId: null,
          eventKey: null,
          earnedAt: at,
          entryType: 'adjust',
          reason: request.reason,
          cause,
        });
        return { balance: await this.points.balance(tx, customerId) };
      }
      const { balance } = await this.burn(tx, customerId, -request.points, {
        entryType: 'adjust',
        redemptionId: null,
        reason: request.reason,
        at,
        cause,
      });
      return { balance };
    });
  }

  /**
   * Writes off every lot expired at `now`, a batch per transaction; lots another replica is
   * expiring are skipped, and an expired lot has nothing left, so a second run writes nothing.
   */
  async expire(now: Date, batchSize = 500): Promise<{ lots: number; points: number }> {
    let lots = 0;
    let points = 0;
    for (;;) {
      const done = await this.dataSource.transaction(async (tx) => {
        const expired = await this.points.claimExpired(tx, now, batchSize);
        if (expired.length === 0) return true;
        await this.points.takeFromLots(
          tx,
          expired.map((lot) => ({ lotId: lot.lotId, points: lot.remaining })),
        );
        const entries = expired.map((lot) =>
          this.entry(lot.customerId, 'expire', -lot.remaining, {
            lotId: lot.lotId,
            orderId: lot.orderId,
            occurredAt: lot.expiresAt,
          }),
        );
        // Each event carries its customer's balance after it.
        const running = await this.points.balances(tx, [
          ...new Set(expired.map((l) => l.customerId)),
        ]);
        await this.points.insertEntries(tx, entries);
        await this.outbox.enqueueMany(
          tx,
          entries.map((entry) => {
            const after = (running.get(entry.customerId) ?? 0) + entry.delta;
            running.set(entry.customerId, after);
            return pointsChangedMessage(this.topic, entry, after, false, {
              correlationId: entry.lotId ?? entry.entryId,
              causationId: entry.entryId,
            });
          }),
        );
        lots += expired.length;
        points += expired.reduce((sum, lot) => sum + lot.remaining, 0);
        return expired.length < batchSize;
      });
      if (done) return { lots, points };
    }
  }

  private entry(
    customerId: string,
    entryType: EntryType,
    delta: number,
    refs: Partial<
      Pick<LedgerEntry, 'lotId' | 'orderId' | 'redemptionId' | 'eventKey' | 'reason'>
    > & {
      occurredAt: Date;
    },
  ): LedgerEntry {
    return {
      entryId: randomUUID(),
      customerId,
      entryType,
      delta,
      lotId: refs.lotId ?? null,
      orderId: refs.orderId ?? null,
      redemptionId: refs.redemptionId ?? null,
      eventKey: refs.eventKey ?? null,
      reason: refs.reason ?? null,
      occurredAt: refs.occurredAt,
    };
  }

  /** Applies entries to their lots, appends them to the ledger and publishes each with the balance after it. */
  private async write(
    tx: EntityManager,
    customerId: string,
    entries: readonly LedgerEntry[],
    cause: EntryCause,
    tierQualifying: boolean,
  ): Promise<void> {
    if (entries.length === 0) return;
    const onLots = entries.filter((e) => e.lotId !== null && e.delta < 0);
    await this.points.takeFromLots(
      tx,
      onLots.map((e) => ({ lotId: e.lotId as string, points: -e.delta })),
    );
    const before = await this.points.balance(tx, customerId);
    await this.points.insertEntries(tx, entries);
    let balance = before;
    await this.outbox.enqueueMany(
      tx,
      entries.map((entry) => {
        balance += entry.delta;
        return pointsChangedMessage(this.topic, entry, balance, tierQualifying, cause);
      }),
    );
  }
}

export { customerNotFound };

function redemptionResult(redemption: Redemption): RedemptionResult {
  return {
    redemptionId: redemption.redemptionId,
    customerId: redemption.customerId,
    points: redemption.points,
    reference: redemption.reference,
    balance: redemption.balanceAfter,
    lots: redemption.allocations,
    createdAt: redemption.createdAt.toISOString(),
  };
}
