import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Everything reporting holds about one customer, for the right of access. */
@Injectable()
export class ExportRepository {
  constructor(private readonly dataSource: DataSource) {}

  async customer(customerId: string) {
    const [events, orders, touches, exposures, aliases, erased, offers, redemptions] =
      await Promise.all([
        this.dataSource.query(
          `SELECT event_key AS "eventKey", type, channel, NULLIF(campaign_id, '') AS "campaignId", occurred_at AS "occurredAt",
                order_id AS "orderId", properties, experiments
           FROM events WHERE customer_id = $1 ORDER BY occurred_at, event_key`,
          [customerId],
        ) as Promise<Record<string, unknown>[]>,
        this.dataSource.query(
          `SELECT order_id AS "orderId", channel, NULLIF(campaign_id, '') AS "campaignId", placed_at AS "placedAt",
                total::float8 AS total, currency, discount::float8 AS discount, refunded::float8 AS refunded,
                cancelled_at AS "cancelledAt"
           FROM orders WHERE customer_id = $1 ORDER BY placed_at, order_id`,
          [customerId],
        ) as Promise<Record<string, unknown>[]>,
        this.dataSource.query(
          `SELECT event_key AS "eventKey", occurred_at AS "occurredAt", channel, campaign_id AS "campaignId", source, medium,
                touch_type AS "touchType", paid
           FROM touches WHERE customer_id = $1 ORDER BY occurred_at, event_key`,
          [customerId],
        ) as Promise<Record<string, unknown>[]>,
        this.dataSource.query(
          `SELECT experiment_id AS "experimentId", variant, first_exposed_at AS "firstExposedAt"
           FROM exposures WHERE customer_id = $1 ORDER BY experiment_id, variant`,
          [customerId],
        ) as Promise<Record<string, unknown>[]>,
        this.dataSource.query(
          `SELECT customer_id AS "mergedId" FROM customer_aliases WHERE survivor_id = $1 ORDER BY customer_id`,
          [customerId],
        ) as Promise<{ mergedId: string }[]>,
        this.dataSource.query(`SELECT 1 FROM erased_customers WHERE customer_id = $1`, [
          customerId,
        ]) as Promise<unknown[]>,
        this.dataSource.query(
          `SELECT offer_id AS "offerId", campaign_id AS "campaignId", reason, coupon_code AS "couponCode",
                issued_at AS "issuedAt", experiment_id AS "experimentId", variant
           FROM offers WHERE customer_id = $1 ORDER BY issued_at, offer_id`,
          [customerId],
        ) as Promise<Record<string, unknown>[]>,
        this.dataSource.query(
          `SELECT redemption_id AS "redemptionId", order_id AS "orderId", campaign_id AS "campaignId",
                promotion_id AS "promotionId", coupon_code AS "couponCode", discount::float8 AS discount,
                currency, released::float8 AS released, recorded_at AS "recordedAt"
           FROM redemptions WHERE customer_id = $1 ORDER BY recorded_at, redemption_id`,
          [customerId],
        ) as Promise<Record<string, unknown>[]>,
      ]);
    return {
      events,
      orders,
      touches,
      exposures,
      offers,
      redemptions,
      mergedIds: aliases.map((a) => a.mergedId),
      erased: erased.length > 0,
    };
  }
}
