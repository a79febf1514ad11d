import { Injectable } from '@nestjs/common';
import { textArrayLiteral } from '@omni/database';
import type { EntityManager } from 'typeorm';
import { RedemptionEntity } from './redemption.entity';

export type LotSource = 'order' | 'review' | 'adjustment';
export type EntryType = 'earn' | 'burn' | 'expire' | 'adjust' | 'reverse';

export type Lot = {
  lotId: string;
  customerId: string;
  source: LotSource;
  orderId: string | null;
  eventKey: string | null;
  earned: number;
  remaining: number;
  earnedAt: Date;
  expiresAt: Date;
};

export type LedgerEntry = {
  entryId: string;
  customerId: string;
  entryType: EntryType;
  delta: number;
  lotId: string | null;
  orderId: string | null;
  redemptionId: string | null;
  eventKey: string | null;
  reason: string | null;
  occurredAt: Date;
};

export type Redemption = RedemptionEntity;

/** Tier-qualifying points of one event, kept apart from what can be spent. */
export type TierPointsRow = {
  eventKey: string;
  customerId: string;
  orderId: string | null;
  points: number;
  occurredAt: Date;
};

type LotRow = {
  lot_id: string;
  customer_id: string;
  source: LotSource;
  order_id: string | null;
  event_key: string | null;
  earned: number;
  remaining: number;
  earned_at: Date;
  expires_at: Date;
};

type EntryRow = {
  entry_id: string;
  customer_id: string;
  entry_type: EntryType;
  delta: number;
  lot_id: string | null;
  order_id: string | null;
  redemption_id: string | null;
  event_key: string | null;
  reason: string | null;
  occurred_at: Date;
};

const lotOf = (row: LotRow): Lot => ({
  lotId: row.lot_id,
  customerId: row.customer_id,
  source: row.source,
  orderId: row.order_id,
  eventKey: row.event_key,
  earned: row.earned,
  remaining: row.remaining,
  earnedAt: row.earned_at,
  expiresAt: row.expires_at,
});

const entryOf = (row: EntryRow): LedgerEntry => ({
  entryId: row.entry_id,
  customerId: row.customer_id,
  entryType: row.entry_type,
  delta: row.delta,
  lotId: row.lot_id,
  orderId: row.order_id,
  redemptionId: row.redemption_id,
  eventKey: row.event_key,
  reason: row.reason,
  occurredAt: row.occurred_at,
});

const LOT_COLUMNS =
  'lot_id, customer_id, source, order_id, event_key, earned, remaining, earned_at, expires_at';

/** Lots, ledger entries and redemptions. Callers hold the customer's row lock (CustomersRepository.lock) while they write. */
@Injectable()
export class PointsRepository {
  async insertLot(tx: EntityManager, lot: Lot): Promise<void> {
    await tx.query(
      `INSERT INTO point_lots (${LOT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        lot.lotId,
        lot.customerId,
        lot.source,
        lot.orderId,
        lot.eventKey,
        lot.earned,
        lot.remaining,
        lot.earnedAt,
        lot.expiresAt,
      ],
    );
  }

  async insertLots(tx: EntityManager, lots: readonly Lot[]): Promise<void> {
    if (lots.length === 0) return;
    const column = <K extends keyof Lot>(key: K) => lots.map((lot) => lot[key]);
    await tx.query(
      `INSERT INTO point_lots (${LOT_COLUMNS})
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[],
                            $7::int[], $8::timestamptz[], $9::timestamptz[])`,
      [
        column('lotId'),
        column('customerId'),
        column('source'),
        column('orderId'),
        column('eventKey'),
        column('earned'),
        column('remaining'),
        column('earnedAt'),
        column('expiresAt'),
      ],
    );
  }

  /**
   * The lots a batch's points decisions read, locked for the caller's transaction: every lot
   * of the given orders and every lot of the customers with points left.
   */
  async lotsForBatch(
    tx: EntityManager,
    customerIds: readonly string[],
    orders: readonly { customerId: string; orderId: string }[],
  ): Promise<(Lot & { seq: number })[]> {
    const rows: (LotRow & { seq: string })[] = await tx.query(
      `SELECT ${LOT_COLUMNS}, seq FROM point_lots
       WHERE (customer_id = ANY($1::text[]) AND remaining > 0)
          OR (customer_id, order_id) IN (SELECT * FROM unnest($2::text[], $3::text[]))
       ORDER BY seq FOR UPDATE`,
      [
        textArrayLiteral(customerIds),
        textArrayLiteral(orders.map((o) => o.customerId)),
        textArrayLiteral(orders.map((o) => o.orderId)),
      ],
    );
    return rows.map((row) => ({ ...lotOf(row), seq: Number(row.seq) }));
  }

  /** Points already reversed per order (positive numbers) and each customer's ledger balance. */
  async ledgerForBatch(
    tx: EntityManager,
    customerIds: readonly string[],
    orders: readonly { customerId: string; orderId: string }[],
  ): Promise<{
    reversed: { customerId: string; orderId: string; points: number }[];
    balances: Map<string, number>;
  }> {
    const rows: { customer_id: string; order_id: string | null; points: string }[] = await tx.query(
      `SELECT customer_id, NULL AS order_id, sum(delta) AS points FROM point_ledger
         WHERE customer_id = ANY($1::text[]) GROUP BY customer_id
         UNION ALL
         SELECT l.customer_id, l.order_id, -sum(l.delta) FROM point_ledger l
           JOIN unnest($2::text[], $3::text[]) AS o(customer_id, order_id)
             ON l.customer_id = o.customer_id AND l.order_id = o.order_id
         WHERE l.entry_type = 'reverse' GROUP BY l.customer_id, l.order_id`,
      [
        textArrayLiteral(customerIds),
        textArrayLiteral(orders.map((o) => o.customerId)),
        textArrayLiteral(orders.map((o) => o.orderId)),
      ],
    );
    return {
      reversed: rows
        .filter((row) => row.order_id !== null)
        .map((row) => ({
          customerId: row.customer_id,
          orderId: row.order_id as string,
          points: Number(row.points),
        })),
      balances: new Map(
        rows
          .filter((row) => row.order_id === null)
          .map((row) => [row.customer_id, Number(row.points)]),
      ),
    };
  }

  /** Tier points of the given orders and of each customer inside its window. */
  async tierPointsForBatch(
    tx: EntityManager,
    orders: readonly { customerId: string; orderId: string }[],
    windows: readonly { customerId: string; from: Date; to: Date }[],
  ): Promise<TierPointsRow[]> {
    const rows: {
      event_key: string;
      customer_id: string;
      order_id: string | null;
      points: number;
      occurred_at: Date;
    }[] = await tx.query(
      `SELECT t.* FROM tier_points t
         JOIN unnest($1::text[], $2::text[]) AS o(customer_id, order_id)
           ON t.customer_id = o.customer_id AND t.order_id = o.order_id
       UNION
       SELECT t.* FROM tier_points t
         JOIN unnest($3::text[], $4::timestamptz[], $5::timestamptz[]) AS w(customer_id, lo, hi)
           ON t.customer_id = w.customer_id AND t.occurred_at > w.lo AND t.occurred_at <= w.hi`,
      [
        textArrayLiteral(orders.map((o) => o.customerId)),
        textArrayLiteral(orders.map((o) => o.orderId)),
        textArrayLiteral(windows.map((w) => w.customerId)),
        textArrayLiteral(windows.map((w) => w.from.toISOString())),
        textArrayLiteral(windows.map((w) => w.to.toISOString())),
      ],
    );
    return rows.map((row) => ({
      eventKey: row.event_key,
      customerId: row.customer_id,
      orderId: row.order_id,
      points: row.points,
      occurredAt: new Date(row.occurred_at),
    }));
  }

  async addTierPointsMany(tx: EntityManager, rows: readonly TierPointsRow[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.query(
      `INSERT INTO tier_points (event_key, customer_id, order_id, points, occurred_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::timestamptz[])
       ON CONFLICT DO NOTHING`,
      [
        rows.map((r) => r.eventKey),
        rows.map((r) => r.customerId),
        rows.map((r) => r.orderId),
        rows.map((r) => r.points),
        rows.map((r) => r.occurredAt),
      ],
    );
  }

  /** Takes `points` out of each lot and writes the entries, in one round trip each. */
  async takeFromLots(
    tx: EntityManager,
    takes: readonly { lotId: string; points: number }[],
  ): Promise<void> {
    if (takes.length === 0) return;
    await tx.query(
      `UPDATE point_lots l SET remaining = l.remaining - t.points
       FROM unnest($1::text[], $2::int[]) AS t(lot_id, points) WHERE l.lot_id = t.lot_id`,
      [takes.map((t) => t.lotId), takes.map((t) => t.points)],
    );
  }

  async insertEntries(tx: EntityManager, entries: readonly LedgerEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const column = <K extends keyof LedgerEntry>(key: K) => entries.map((e) => e[key]);
    await tx.query(
      `INSERT INTO point_ledger
         (entry_id, customer_id, entry_type, delta, lot_id, order_id, redemption_id, event_key, reason, occurred_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[],
                            $7::text[], $8::text[], $9::text[], $10::timestamptz[])`,
      [
        column('entryId'),
        column('customerId'),
        column('entryType'),
        column('delta'),
        column('lotId'),
        column('orderId'),
        column('redemptionId'),
        column('eventKey'),
        column('reason'),
        column('occurredAt'),
      ],
    );
  }

  /** Spendable lots at `now`, earliest-expiring then oldest first, locked for the caller's transaction. */
  async spendableLots(tx: EntityManager, customerId: string, now: Date): Promise<Lot[]> {
    const rows: LotRow[] = await tx.query(
      `SELECT ${LOT_COLUMNS} FROM point_lots
       WHERE customer_id = $1 AND remaining > 0 AND expires_at > $2
       ORDER BY expires_at, earned_at, seq FOR UPDATE`,
      [customerId, now],
    );
    return rows.map(lotOf);
  }

  /**
   * What can be burned at `now`: the ledger sum less what expired lots still hold. One
   * statement, one snapshot, so an expiry committing meanwhile is counted once either way.
   */
  async available(tx: EntityManager, customerId: string, now: Date): Promise<number> {
    const [row]: { available: string }[] = await tx.query(
      `SELECT (SELECT coalesce(sum(delta), 0) FROM point_ledger WHERE customer_id = $1)
            - (SELECT coalesce(sum(remaining), 0) FROM point_lots
               WHERE customer_id = $1 AND remaining > 0 AND expires_at <= $2) AS available`,
      [customerId, now],
    );
    return Number(row.available);
  }

  async balance(tx: EntityManager, customerId: string): Promise<number> {
    const [row]: { balance: string }[] = await tx.query(
      `SELECT coalesce(sum(delta), 0) AS balance FROM point_ledger WHERE customer_id = $1`,
      [customerId],
    );
    return Number(row.balance);
  }

  async lots(tx: EntityManager, customerId: string): Promise<Lot[]> {
    const rows: LotRow[] = await tx.query(
      `SELECT ${LOT_COLUMNS} FROM point_lots WHERE customer_id = $1 ORDER BY expires_at, earned_at, seq`,
      [customerId],
    );
    return rows.map(lotOf);
  }

  /** A page of the customer's ledger, newest first, after the entry with sequence `before`. */
  async entries(
    tx: EntityManager,
    customerId: string,
    page: { limit: number; before?: string },
  ): Promise<{ entries: LedgerEntry[]; next?: string }> {
    const rows: (EntryRow & { seq: string })[] = await tx.query(
      `SELECT entry_id, customer_id, entry_type, delta, lot_id, order_id, redemption_id, event_key,
              reason, occurred_at, seq
       FROM point_ledger WHERE customer_id = $1 AND ($2::bigint IS NULL OR seq < $2)
       ORDER BY seq DESC LIMIT $3`,
      [customerId, page.before ?? null, page.limit + 1],
    );
    const entries = rows.slice(0, page.limit);
    return {
      entries: entries.map(entryOf),
      ...(rows.length > page.limit ? { next: entries[entries.length - 1].seq } : {}),
    };
  }

  /** Lots in the order they were earned after the one with sequence `after`, `limit` of them (read `limit + 1` for pageOf). */
  async lotsAfter(
    tx: EntityManager,
    customerId: string,
    after: string | undefined,
    limit: number,
  ): Promise<(Lot & { seq: string })[]> {
    const rows: (LotRow & { seq: string })[] = await tx.query(
      `SELECT ${LOT_COLUMNS}, seq FROM point_lots
       WHERE customer_id = $1 AND ($2::bigint IS NULL OR seq > $2)
       ORDER BY seq LIMIT $3`,
      [customerId, after ?? null, limit],
    );
    return rows.map((row) => ({ ...lotOf(row), seq: String(row.seq) }));
  }

  /** Ledger entries oldest first after the one with sequence `after`, `limit` of them. */
  async entriesAfter(
    tx: EntityManager,
    customerId: string,
    after: string | undefined,
    limit: number,
  ): Promise<(LedgerEntry & { seq: string })[]> {
    const rows: (EntryRow & { seq: string })[] = await tx.query(
      `SELECT entry_id, customer_id, entry_type, delta, lot_id, order_id, redemption_id, event_key,
              reason, occurred_at, seq
       FROM point_ledger WHERE customer_id = $1 AND ($2::bigint IS NULL OR seq > $2)
       ORDER BY seq LIMIT $3`,
      [customerId, after ?? null, limit],
    );
    return rows.map((row) => ({ ...entryOf(row), seq: String(row.seq) }));
  }

  async allEntries(tx: EntityManager, customerId: string): Promise<LedgerEntry[]> {
    const rows: EntryRow[] = await tx.query(
      `SELECT entry_id, customer_id, entry_type, delta, lot_id, order_id, redemption_id, event_key,
              reason, occurred_at
       FROM point_ledger WHERE customer_id = $1 ORDER BY seq`,
      [customerId],
    );
    return rows.map(entryOf);
  }

  async redemptionByKey(
    tx: EntityManager,
    idempotencyKey: string,
  ): Promise<Redemption | undefined> {
    return (await tx.getRepository(RedemptionEntity).findOneBy({ idempotencyKey })) ?? undefined;
  }

  async insertRedemption(tx: EntityManager, redemption: Redemption): Promise<void> {
    await tx.getRepository(RedemptionEntity).insert(redemption);
  }

  redemptions(tx: EntityManager, customerId: string): Promise<Redemption[]> {
    return tx
      .getRepository(RedemptionEntity)
      .find({ where: { customerId }, order: { createdAt: 'ASC' } });
  }

  /** Expired lots with points left, locked; lots another replica is expiring are skipped. */
  async claimExpired(tx: EntityManager, now: Date, limit: number): Promise<Lot[]> {
    const rows: LotRow[] = await tx.query(
      `SELECT ${LOT_COLUMNS} FROM point_lots WHERE remaining > 0 AND expires_at <= $1
       ORDER BY expires_at, seq LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
    return rows.map(lotOf);
  }

  async balances(tx: EntityManager, customerIds: readonly string[]): Promise<Map<string, number>> {
    const rows: { customer_id: string; balance: string }[] = await tx.query(
      `SELECT customer_id, coalesce(sum(delta), 0) AS balance FROM point_ledger
       WHERE customer_id = ANY($1::text[]) GROUP BY customer_id`,
      [customerIds],
    );
    return new Map(rows.map((row) => [row.customer_id, Number(row.balance)]));
  }

  /** Tier-qualifying points: kept apart from what can be spent. */
  async addTierPoints(
    tx: EntityManager,
    row: {
      eventKey: string;
      customerId: string;
      orderId: string | null;
      points: number;
      occurredAt: Date;
    },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO tier_points (event_key, customer_id, order_id, points, occurred_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [row.eventKey, row.customerId, row.orderId, row.points, row.occurredAt],
    );
  }
}
