import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export type PromotionFigures = {
  campaignId: string;
  offersIssued: number;
  offersRedeemed: number;
  redemptions: number;
  discount: number;
  revenue: number;
  impressions: number;
  clicks: number;
  customers: number;
  touchedCustomers: number;
};

/** Per promotions campaign: its offers, redemptions, their orders and the campaign's touches. */
@Injectable()
export class PromotionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async figures(
    range: { from: Date; to: Date; channel: string | null },
    currency: string,
  ): Promise<PromotionFigures[]> {
    const rows: Record<string, string>[] = await this.dataSource.query(
      `WITH live AS (
         -- Redemptions not fully given back, with the order they were redeemed on.
         SELECT r.redemption_id, r.campaign_id, r.customer_id, r.coupon_code, r.recorded_at,
                r.discount - r.released AS net, r.currency, o.order_id AS known_order, o.channel,
                o.total, o.refunded, o.currency AS order_currency, o.cancelled_at
           FROM redemptions r LEFT JOIN orders o ON o.order_id = r.order_id
          WHERE (r.discount = 0 OR r.released < r.discount)
            AND ($3::text IS NULL OR o.channel = $3)
       ), o AS (
         SELECT * FROM offers WHERE issued_at >= $1 AND issued_at < $2
       ), r AS (
         SELECT * FROM live WHERE recorded_at >= $1 AND recorded_at < $2
       ), campaigns AS (
         SELECT campaign_id FROM o UNION SELECT campaign_id FROM r
       ), offer_figures AS (
         SELECT o.campaign_id, count(*) AS issued,
                count(*) FILTER (WHERE EXISTS (
                  SELECT 1 FROM live l
                   WHERE l.campaign_id = o.campaign_id AND l.recorded_at >= o.issued_at
                     AND CASE WHEN o.coupon_code IS NOT NULL THEN l.coupon_code = o.coupon_code
                              ELSE l.customer_id = o.customer_id END)) AS redeemed
           FROM o GROUP BY o.campaign_id
       ), redemption_figures AS (
         SELECT campaign_id, count(*) AS redemptions,
                coalesce(sum(net) FILTER (WHERE currency = $4), 0) AS discount
           FROM r GROUP BY campaign_id
       ), revenue AS (
         SELECT campaign_id, sum(total - refunded) AS revenue
           FROM (SELECT DISTINCT campaign_id, known_order, total, refunded FROM r
                  WHERE known_order IS NOT NULL AND order_currency = $4 AND cancelled_at IS NULL) d
          GROUP BY campaign_id
       ), people AS (
         SELECT campaign_id, count(DISTINCT customer_id) AS customers
           FROM (SELECT campaign_id, customer_id FROM o UNION ALL SELECT campaign_id, customer_id FROM r) p
          GROUP BY campaign_id
       ), touched AS (
         SELECT campaign_id, count(*) FILTER (WHERE touch_type = 'impression') AS impressions,
                count(*) FILTER (WHERE touch_type = 'click') AS clicks,
                count(DISTINCT customer_id) AS touched_customers
           FROM touches
          WHERE campaign_id IN (SELECT campaign_id FROM campaigns)
            AND occurred_at >= $1 AND occurred_at < $2 AND ($3::text IS NULL OR channel = $3)
          GROUP BY campaign_id
       )
       SELECT c.campaign_id,
              coalesce(f.issued, 0)::text AS offers_issued, coalesce(f.redeemed, 0)::text AS offers_redeemed,
              coalesce(rf.redemptions, 0)::text AS redemptions, coalesce(rf.discount, 0)::text AS discount,
              coalesce(rv.revenue, 0)::text AS revenue, coalesce(t.impressions, 0)::text AS impressions,
              coalesce(t.clicks, 0)::text AS clicks, coalesce(p.customers, 0)::text AS customers,
              coalesce(t.touched_customers, 0)::text AS touched_customers
         FROM campaigns c
         LEFT JOIN offer_figures f USING (campaign_id)
         LEFT JOIN redemption_figures rf USING (campaign_id)
         LEFT JOIN revenue rv USING (campaign_id)
         LEFT JOIN people p USING (campaign_id)
         LEFT JOIN touched t USING (campaign_id)
        ORDER BY c.campaign_id`,
      [range.from.toISOString(), range.to.toISOString(), range.channel, currency],
    );
    return rows.map((row) => ({
      campaignId: row['campaign_id'],
      offersIssued: Number(row['offers_issued']),
      offersRedeemed: Number(row['offers_redeemed']),
      redemptions: Number(row['redemptions']),
      discount: Number(row['discount']),
      revenue: Number(row['revenue']),
      impressions: Number(row['impressions']),
      clicks: Number(row['clicks']),
      customers: Number(row['customers']),
      touchedCustomers: Number(row['touched_customers']),
    }));
  }
}
