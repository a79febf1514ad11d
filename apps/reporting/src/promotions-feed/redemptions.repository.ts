import { Injectable } from '@nestjs/common';
import { insertRows } from '@omni/database';
import type { EntityManager } from 'typeorm';

export type RedemptionRow = {
  redemptionId: string;
  eventKey: string;
  orderId: string;
  customerId: string | null;
  campaignId: string;
  promotionId: string | null;
  couponCode: string | null;
  discount: number;
  currency: string;
  recordedAt: Date;
  experimentId: string | null;
  variant: string | null;
};

export type ReleaseRow = {
  eventKey: string;
  redemptionId: string;
  amount: number | null;
  currency: string | null;
  complete: boolean;
  occurredAt: Date;
};

/** A redemption whose discount is in (or goes into) the bucket of its order. */
export type CountedRedemption = {
  redemptionId: string;
  discount: number;
  currency: string;
  released: number;
  order: { channel: string; campaignId: string; placedAt: Date };
};

export type OfferRow = {
  offerId: string;
  eventKey: string;
  customerId: string | null;
  campaignId: string;
  reason: string;
  couponCode: string | null;
  issuedAt: Date;
  experimentId: string | null;
  variant: string | null;
};

type RawCounted = {
  redemption_id: string;
  discount: string;
  currency: string;
  released: string;
  channel: string;
  campaign_id: string;
  placed_at: Date;
};

const toCounted = (row: RawCounted): CountedRedemption => ({
  redemptionId: row.redemption_id,
  discount: Number(row.discount),
  currency: row.currency,
  released: Number(row.released),
  order: { channel: row.channel, campaignId: row.campaign_id, placedAt: new Date(row.placed_at) },
});

/** Redemptions, their releases and offers, written a batch at a time (unnest). */
@Injectable()
export class RedemptionsRepository {
  /**
   * Taken shared by every batch of resolved events (which may bring the order of a waiting
   * redemption) and exclusive by every batch of redemptions, so a redemption and its order
   * committed at the same time never both miss each other.
   */
  async lockOrders(tx: EntityManager, mode: 'shared' | 'exclusive'): Promise<void> {
    await tx.query(
      mode === 'shared'
        ? `SELECT pg_advisory_xact_lock_shared(hashtext('reporting.redemption-orders'))`
        : `SELECT pg_advisory_xact_lock(hashtext('reporting.redemption-orders'))`,
    );
  }

  /** Stores new redemptions; answers the ids stored (the rest were seen before). */
  async insertRedemptions(tx: EntityManager, rows: readonly RedemptionRow[]): Promise<Set<string>> {
    if (rows.length === 0) return new Set();
    const stored = await insertRows<RedemptionRow, { redemption_id: string }>(
      tx,
      'redemptions',
      {
        redemptionId: 'text',
        eventKey: 'text',
        orderId: 'text',
        customerId: 'text',
        campaignId: 'text',
        promotionId: 'text',
        couponCode: 'text',
        discount: 'bigint',
        currency: 'text',
        recordedAt: 'timestamptz',
        experimentId: 'text',
        variant: 'text',
      },
      rows,
      'ON CONFLICT (redemption_id) DO NOTHING RETURNING redemption_id',
    );
    return new Set(stored.map((row) => row.redemption_id));
  }

  /** Stores new releases (not applied yet); answers the event keys stored. */
  async insertReleases(tx: EntityManager, rows: readonly ReleaseRow[]): Promise<Set<string>> {
    if (rows.length === 0) return new Set();
    const stored = await insertRows<ReleaseRow, { event_key: string }>(
      tx,
      'redemption_releases',
      {
        eventKey: 'text',
        redemptionId: 'text',
        amount: 'bigint',
        currency: 'text',
        complete: 'boolean',
        occurredAt: 'timestamptz',
      },
      rows,
      'ON CONFLICT (event_key) DO NOTHING RETURNING event_key',
    );
    return new Set(stored.map((row) => row.event_key));
  }

  /**
   * Marks the not yet counted redemptions of these ids whose order is known as counted;
   * answers them with their order, locked until the transaction ends.
   */
  async countWithKnownOrder(
    tx: EntityManager,
    by: { redemptionIds?: readonly string[]; orderIds?: readonly string[] },
  ): Promise<CountedRedemption[]> {
    const rows: RawCounted[] = await tx.query(
      `WITH counted AS (
         UPDATE redemptions r SET counted = true
           FROM orders o
          WHERE o.order_id = r.order_id AND NOT r.counted
            AND (r.redemption_id = ANY($1::text[]) OR r.order_id = ANY($2::text[]))
          RETURNING r.redemption_id, r.discount, r.currency, r.released, o.channel, o.campaign_id, o.placed_at
       )
       SELECT * FROM counted ORDER BY redemption_id`,
      [by.redemptionIds ?? [], by.orderIds ?? []],
    );
    return rows.map(toCounted);
  }

  /** The counted redemptions among these ids, locked, with their order. */
  async counted(tx: EntityManager, redemptionIds: readonly string[]): Promise<CountedRedemption[]> {
    if (redemptionIds.length === 0) return [];
    const rows: RawCounted[] = await tx.query(
      `SELECT r.redemption_id, r.discount, r.currency, r.released, o.channel, o.campaign_id, o.placed_at
         FROM redemptions r JOIN orders o ON o.order_id = r.order_id
        WHERE r.counted AND r.redemption_id = ANY($1::text[])
        ORDER BY r.redemption_id
          FOR UPDATE OF r`,
      [[...new Set(redemptionIds)]],
    );
    return rows.map(toCounted);
  }

  /** Takes the releases of these redemptions not applied yet (they are applied from now on). */
  async takeWaitingReleases(
    tx: EntityManager,
    redemptionIds: readonly string[],
  ): Promise<ReleaseRow[]> {
    if (redemptionIds.length === 0) return [];
    const rows: {
      event_key: string;
      redemption_id: string;
      amount: string | null;
      currency: string | null;
      complete: boolean;
      occurred_at: Date;
    }[] = await tx.query(
      `WITH taken AS (
         UPDATE redemption_releases SET applied = true
          WHERE NOT applied AND redemption_id = ANY($1::text[])
          RETURNING event_key, redemption_id, amount, currency, complete, occurred_at
       )
       SELECT * FROM taken ORDER BY occurred_at, event_key`,
      [[...new Set(redemptionIds)]],
    );
    return rows.map((row) => ({
      eventKey: row.event_key,
      redemptionId: row.redemption_id,
      amount: row.amount === null ? null : Number(row.amount),
      currency: row.currency,
      complete: row.complete,
      occurredAt: new Date(row.occurred_at),
    }));
  }

  async setReleased(tx: EntityManager, released: ReadonlyMap<string, number>): Promise<void> {
    if (released.size === 0) return;
    const rows = [...released.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
    await tx.query(
      `UPDATE redemptions r SET released = u.released
         FROM unnest($1::text[], $2::bigint[]) AS u (redemption_id, released)
        WHERE r.redemption_id = u.redemption_id`,
      [rows.map(([id]) => id), rows.map(([, amount]) => amount)],
    );
  }

  async insertOffers(tx: EntityManager, rows: readonly OfferRow[]): Promise<void> {
    await insertRows(
      tx,
      'offers',
      {
        offerId: 'text',
        eventKey: 'text',
        customerId: 'text',
        campaignId: 'text',
        reason: 'text',
        couponCode: 'text',
        issuedAt: 'timestamptz',
        experimentId: 'text',
        variant: 'text',
      },
      rows,
      'ON CONFLICT (offer_id) DO NOTHING',
    );
  }
}
