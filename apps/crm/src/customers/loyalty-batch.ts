import type { Tier } from '@omni/contracts';
import type { OutboxMessage } from '@omni/messaging';
import { allocateBurn } from '../points/allocate-burn';
import { pointsChangedMessage, type EntryCause } from '../points/points-events';
import { basePoints, lotExpiry, withMultiplier, type PointsPolicy } from '../points/points-rules';
import type {
  EntryType,
  LedgerEntry,
  Lot,
  LotSource,
  TierPointsRow,
} from '../points/points.repository';
import type { TierChange } from '../tiers/tier-changes.repository';
import {
  decideTier,
  qualifiedTier,
  tierScore,
  type TierBenefits,
  type TierPolicy,
} from '../tiers/tier-rules';
import type { CustomerFact } from './customers.repository';

const DAY_MS = 86_400_000;

/** Event types that count toward a tier and so may upgrade one at once. */
export const QUALIFYING = new Set([
  'order.paid',
  'review.submitted',
  'store.visited',
  'service.contacted',
]);

/** Event types that move points or tiers; the others only add a fact. */
export const EFFECTFUL = new Set([...QUALIFYING, 'order.refunded', 'order.cancelled']);

export type SequencedLot = Lot & { seq: number };

/**
 * What the batch's customers already hold, read once with their rows locked: the facts of the
 * batch's orders and the qualifying facts and tier points of every tier window the batch's
 * events open, the lots of those orders and every lot with points left, what each order already
 * had reversed, and each ledger balance.
 */
export type LoyaltyState = {
  customers: ReadonlyMap<string, { tier: Tier; tierSince: Date }>;
  facts: readonly CustomerFact[];
  tierPoints: readonly TierPointsRow[];
  lots: readonly SequencedLot[];
  /** Points already reversed per order, by orderKey. */
  reversed: ReadonlyMap<string, number>;
  balances: ReadonlyMap<string, number>;
};

/** Everything the batch writes, in the order it happened. */
export type LoyaltyWrites = {
  tierPoints: TierPointsRow[];
  lots: Lot[];
  /** Points taken from lots that existed before the batch (new lots are written as they end). */
  takes: { lotId: string; points: number }[];
  entries: LedgerEntry[];
  tierChanges: TierChange[];
  /** Each customer's tier after the batch, where it moved. */
  tiers: { customerId: string; tier: Tier; since: Date }[];
  outbox: OutboxMessage[];
};

export type LoyaltySettings = {
  points: PointsPolicy;
  tiers: TierPolicy;
  topic: string;
  tierChanged: (change: TierChange, cause: EntryCause) => OutboxMessage;
  newId: () => string;
};

export const orderKey = (customerId: string, orderId: string) => `${customerId}\u0000${orderId}`;

const chronological = (a: CustomerFact, b: CustomerFact) =>
  a.occurredAt.getTime() - b.occurredAt.getTime() ||
  (a.eventKey < b.eventKey ? -1 : a.eventKey > b.eventKey ? 1 : 0);

const burnOrder = (a: SequencedLot, b: SequencedLot) =>
  a.expiresAt.getTime() - b.expiresAt.getTime() ||
  a.earnedAt.getTime() - b.earnedAt.getTime() ||
  a.seq - b.seq;

const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
};

/**
 * Applies the points and tier effects of a batch's new facts in memory, in event order, as the
 * same events applied one at a time with the database would: each sees the lots, ledger, tier
 * points and facts the ones before it left. Pure: the caller reads the state and writes the result.
 */
export class LoyaltyBatch {
  private readonly tiers = new Map<string, { tier: Tier; since: Date; moved: boolean }>();
  private readonly orderFacts = new Map<string, CustomerFact[]>();
  private readonly activityFacts = new Map<string, CustomerFact[]>();
  private readonly tierPoints = new Map<string, TierPointsRow[]>();
  private readonly tierPointKeys = new Set<string>();
  private readonly lots = new Map<string, SequencedLot[]>();
  private readonly existingLots = new Set<string>();
  private readonly reversed: Map<string, number>;
  private readonly balances: Map<string, number>;
  private readonly takes = new Map<string, number>();
  private nextSeq: number;
  private readonly writes: LoyaltyWrites = {
    tierPoints: [],
    lots: [],
    takes: [],
    entries: [],
    tierChanges: [],
    tiers: [],
    outbox: [],
  };

  constructor(
    state: LoyaltyState,
    private readonly settings: LoyaltySettings,
  ) {
    for (const [customerId, { tier, tierSince }] of state.customers) {
      this.tiers.set(customerId, { tier, since: tierSince, moved: false });
    }
    for (const fact of [...state.facts].sort(chronological)) this.addFact(fact);
    for (const row of state.tierPoints) this.addTierPointsRow(row);
    for (const lot of state.lots) {
      push(this.lots, lot.customerId, { ...lot });
      this.existingLots.add(lot.lotId);
    }
    this.nextSeq = state.lots.reduce((max, lot) => Math.max(max, lot.seq), 0) + 1;
    this.reversed = new Map(state.reversed);
    this.balances = new Map(state.balances);
  }

  /** Whether the customer's row is held (an erased or vanished customer applies nothing). */
  holds(customerId: string): boolean {
    return this.tiers.has(customerId);
  }

  /** Applies one new fact of an effectful event; `cause` is the event's. */
  apply(fact: CustomerFact, cause: EntryCause): void {
    const { customerId } = fact;
    const customer = this.tiers.get(customerId);
    if (customer === undefined) return;
    this.addFact(fact);
    const at = fact.occurredAt;
    switch (fact.type) {
      case 'order.paid': {
        const orderId = fact.orderId as string;
        const earlier = this.factsOfOrder(customerId, orderId);
        // A second payment event of one order earns nothing more.
        if (earlier.some((f) => f.type === 'order.paid' && f.eventKey !== fact.eventKey)) break;
        const paid = fact.amount ?? 0;
        const base = basePoints(
          { amount: paid, currency: fact.currency ?? '' },
          this.settings.points.perCurrencyUnit,
        );
        this.earn({
          customerId,
          source: 'order',
          points: withMultiplier(base, this.benefitsOf(customer.tier).pointsMultiplierPercent),
          tierPoints: base,
          orderId,
          eventKey: fact.eventKey,
          earnedAt: at,
          reason: null,
          cause,
        });
        // A review that arrived before the payment is verified now.
        const review = earlier.find((f) => f.type === 'review.submitted');
        if (review !== undefined) {
          this.rewardReview(customerId, orderId, review.eventKey, review.occurredAt, cause);
        }
        // Refunds or a cancellation that arrived before the payment apply now.
        for (const undo of earlier.filter(
          (f) => f.type === 'order.refunded' || f.type === 'order.cancelled',
        )) {
          this.reverse(undo, paid);
        }
        break;
      }
      case 'order.refunded':
      case 'order.cancelled': {
        const paid = this.factsOfOrder(customerId, fact.orderId as string).find(
          (f) => f.type === 'order.paid',
        );
        if (paid !== undefined) this.reverse(fact, paid.amount ?? 0);
        break;
      }
      case 'review.submitted': {
        if (fact.orderId === null) break;
        if (this.factsOfOrder(customerId, fact.orderId).some((f) => f.type === 'order.paid')) {
          this.rewardReview(customerId, fact.orderId, fact.eventKey, at, cause);
        }
        break;
      }
    }
    if (QUALIFYING.has(fact.type)) this.afterActivity(customerId, at, cause);
  }

  /** What to write; the lots' takes and the customers' tiers as they ended. */
  result(): LoyaltyWrites {
    this.writes.takes = [...this.takes].map(([lotId, points]) => ({ lotId, points }));
    this.writes.tiers = [...this.tiers]
      .filter(([, t]) => t.moved)
      .map(([customerId, t]) => ({ customerId, tier: t.tier, since: t.since }));
    return this.writes;
  }

  private benefitsOf(tier: Tier): TierBenefits {
    return this.settings.tiers.benefits[tier];
  }

  private addFact(fact: CustomerFact): void {
    if (fact.orderId !== null) push(this.orderFacts, orderKey(fact.customerId, fact.orderId), fact);
    if (QUALIFYING.has(fact.type)) push(this.activityFacts, fact.customerId, fact);
  }

  private factsOfOrder(customerId: string, orderId: string): CustomerFact[] {
    return [...(this.orderFacts.get(orderKey(customerId, orderId)) ?? [])].sort(chronological);
  }

  private addTierPointsRow(row: TierPointsRow): boolean {
    const key = `${row.eventKey}\u0000${row.customerId}`;
    if (this.tierPointKeys.has(key)) return false;
    this.tierPointKeys.add(key);
    push(this.tierPoints, row.customerId, row);
    return true;
  }

  private addTierPoints(row: TierPointsRow): void {
    if (this.addTierPointsRow(row)) this.writes.tierPoints.push(row);
  }

  private lotsOf(customerId: string): SequencedLot[] {
    return this.lots.get(customerId) ?? [];
  }

  private earn(request: {
    customerId: string;
    source: LotSource;
    points: number;
    tierPoints: number;
    orderId: string;
    eventKey: string;
    earnedAt: Date;
    reason: string | null;
    cause: EntryCause;
  }): void {
    if (request.tierPoints !== 0) {
      this.addTierPoints({
        eventKey: request.eventKey,
        customerId: request.customerId,
        orderId: request.orderId,
        points: request.tierPoints,
        occurredAt: request.earnedAt,
      });
    }
    if (request.points <= 0) return;
    const lot: SequencedLot = {
      lotId: this.settings.newId(),
      customerId: request.customerId,
      source: request.source,
      orderId: request.orderId,
      eventKey: request.eventKey,
      earned: request.points,
      remaining: request.points,
      earnedAt: request.earnedAt,
      expiresAt: lotExpiry(request.earnedAt, this.settings.points.expiryMonths),
      seq: this.nextSeq++,
    };
    push(this.lots, lot.customerId, lot);
    this.writes.lots.push(lot);
    this.write(
      request.customerId,
      [
        this.entry(request.customerId, 'earn', request.points, {
          lotId: lot.lotId,
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

  /** Review points for an order the customer paid, once per order. */
  private rewardReview(
    customerId: string,
    orderId: string,
    eventKey: string,
    at: Date,
    cause: EntryCause,
  ): void {
    const { reviewPoints } = this.settings.points;
    const rewarded = this.lotsOf(customerId).some(
      (lot) => lot.orderId === orderId && lot.source === 'review',
    );
    if (reviewPoints === 0 || rewarded) return;
    this.earn({
      customerId,
      source: 'review',
      points: reviewPoints,
      tierPoints: 0,
      orderId,
      eventKey,
      earnedAt: at,
      reason: 'verified review',
      cause,
    });
  }

  /**
   * Takes back what an order earned: its share from the order's own lots first; what was spent
   * already is owed (negative-balance) or taken from other lots while the balance lasts
   * (capped). Tier-qualifying points go back in the same proportion.
   */
  private reverse(undo: CustomerFact, paid: number): void {
    const { customerId } = undo;
    const orderId = undo.orderId as string;
    const at = undo.occurredAt;
    const eventKey = undo.eventKey;
    const cause = { correlationId: eventKey, causationId: eventKey };
    const share = undo.type === 'order.cancelled' ? 'all' : { refunded: undo.amount ?? 0, paid };
    const lots = this.lotsOf(customerId)
      .filter((lot) => lot.orderId === orderId && lot.source === 'order')
      .sort(burnOrder);
    const earned = lots.reduce((sum, lot) => sum + lot.earned, 0);
    const reversed = this.reversed.get(orderKey(customerId, orderId)) ?? 0;
    const tierRows = (this.tierPoints.get(customerId) ?? []).filter((r) => r.orderId === orderId);
    const tierEarned = tierRows.reduce((sum, r) => sum + Math.max(0, r.points), 0);
    const tierReversed = tierRows.reduce((sum, r) => sum - Math.min(0, r.points), 0);
    const part = (total: number) =>
      share === 'all' || share.refunded >= share.paid
        ? total
        : Math.ceil((total * share.refunded) / Math.max(1, share.paid));
    const due = Math.max(0, Math.min(part(earned), earned - reversed));
    const tierDue = Math.max(0, Math.min(part(tierEarned), tierEarned - tierReversed));
    if (tierDue > 0) {
      this.addTierPoints({ eventKey, customerId, orderId, points: -tierDue, occurredAt: at });
    }
    if (due === 0) return;
    const own = allocateBurn(lots, due);
    const refs = { orderId, eventKey, occurredAt: at };
    const entries = own.allocations.map((a) =>
      this.entry(customerId, 'reverse', -a.points, { ...refs, lotId: a.lotId }),
    );
    let short = own.short;
    if (short > 0 && this.settings.points.clawback === 'capped') {
      const balance = this.available(customerId, at) - (due - short);
      const taken = new Set(own.allocations.map((a) => a.lotId));
      const others = this.lotsOf(customerId)
        .filter((lot) => lot.remaining > 0 && lot.expiresAt > at && !taken.has(lot.lotId))
        .sort(burnOrder);
      const fromOthers = allocateBurn(others, Math.min(short, Math.max(0, balance)));
      entries.push(
        ...fromOthers.allocations.map((a) =>
          this.entry(customerId, 'reverse', -a.points, { ...refs, lotId: a.lotId }),
        ),
      );
      short = 0;
    }
    if (short > 0) {
      entries.push(
        this.entry(customerId, 'reverse', -short, {
          ...refs,
          reason: 'spent before the refund: owed',
        }),
      );
    }
    this.write(customerId, entries, cause, false);
  }

  /** What can be burned at `at`: the balance less what expired lots still hold. */
  private available(customerId: string, at: Date): number {
    const expired = this.lotsOf(customerId)
      .filter((lot) => lot.remaining > 0 && lot.expiresAt <= at)
      .reduce((sum, lot) => sum + lot.remaining, 0);
    return (this.balances.get(customerId) ?? 0) - expired;
  }

  /** Applies entries to their lots, appends them to the ledger and publishes each with the balance after it. */
  private write(
    customerId: string,
    entries: readonly LedgerEntry[],
    cause: EntryCause,
    tierQualifying: boolean,
  ): void {
    const lots = new Map(this.lotsOf(customerId).map((lot) => [lot.lotId, lot]));
    let balance = this.balances.get(customerId) ?? 0;
    for (const entry of entries) {
      if (entry.lotId !== null && entry.delta < 0) {
        const lot = lots.get(entry.lotId) as SequencedLot;
        lot.remaining += entry.delta;
        if (this.existingLots.has(lot.lotId)) {
          this.takes.set(lot.lotId, (this.takes.get(lot.lotId) ?? 0) - entry.delta);
        }
      }
      if (entry.entryType === 'reverse' && entry.orderId !== null) {
        const key = orderKey(customerId, entry.orderId);
        this.reversed.set(key, (this.reversed.get(key) ?? 0) - entry.delta);
      }
      balance += entry.delta;
      this.writes.entries.push(entry);
      this.writes.outbox.push(
        pointsChangedMessage(this.settings.topic, entry, balance, tierQualifying, cause),
      );
    }
    this.balances.set(customerId, balance);
  }

  /** An upgrade at once if the window ending at `at` now qualifies for more. */
  private afterActivity(customerId: string, at: Date, cause: EntryCause): void {
    const customer = this.tiers.get(customerId) as { tier: Tier; since: Date; moved: boolean };
    const policy = this.settings.tiers;
    const from = at.getTime() - policy.windowDays * DAY_MS;
    const inWindow = (t: Date) => t.getTime() > from && t.getTime() <= at.getTime();
    const facts = (this.activityFacts.get(customerId) ?? []).filter((f) => inWindow(f.occurredAt));
    const activity = {
      points: (this.tierPoints.get(customerId) ?? [])
        .filter((row) => inWindow(row.occurredAt))
        .reduce((sum, row) => sum + row.points, 0),
      orders: new Set(facts.filter((f) => f.type === 'order.paid').map((f) => f.orderId)).size,
      engagement: facts.filter((f) => f.type !== 'order.paid').length,
    };
    const decision = decideTier(customer.tier, qualifiedTier(activity, policy), 'activity');
    if (!decision.change) return;
    const change: TierChange = {
      changeId: this.settings.newId(),
      customerId,
      previousTier: decision.previousTier,
      tier: decision.tier,
      reason: 'qualifying-activity',
      assessment: { ...activity, score: tierScore(activity, policy.weights) },
      occurredAt: at,
    };
    Object.assign(customer, { tier: decision.tier, since: at, moved: true });
    this.writes.tierChanges.push(change);
    this.writes.outbox.push(this.settings.tierChanged(change, cause));
  }

  private entry(
    customerId: string,
    entryType: EntryType,
    delta: number,
    refs: Partial<Pick<LedgerEntry, 'lotId' | 'orderId' | 'eventKey' | 'reason'>> & {
      occurredAt: Date;
    },
  ): LedgerEntry {
    return {
      entryId: this.settings.newId(),
      customerId,
      entryType,
      delta,
      lotId: refs.lotId ?? null,
      orderId: refs.orderId ?? null,
      redemptionId: null,
      eventKey: refs.eventKey ?? null,
      reason: refs.reason ?? null,
      occurredAt: refs.occurredAt,
    };
  }
}
