import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export type VariantFigures = {
  variant: string;
  exposed: number;
  converted: number;
  revenue: number;
  revenueSquares: number;
};

/**
 * Exposed customers per variant, with their orders after their first exposure. A customer
 * exposed to more than one variant (e.g. two ids merged) is left out of every variant.
 */
@Injectable()
export class ExperimentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async figures(
    experimentId: string,
    currency: string,
  ): Promise<{ variants: VariantFigures[]; excluded: number }> {
    const rows: {
      variant: string;
      exposed: string;
      converted: string;
      revenue: string;
      revenue_sq: string;
    }[] = await this.dataSource.query(
      `WITH exposed AS (
           SELECT customer_id, min(variant) AS variant, min(first_exposed_at) AS since,
                  count(DISTINCT variant) AS variants
             FROM exposures WHERE experiment_id = $1 GROUP BY customer_id
         ), per_user AS (
           SELECT x.customer_id, x.variant, count(o.order_id) AS orders,
                  coalesce(sum(o.total), 0)::numeric AS revenue
             FROM exposed x
             LEFT JOIN orders o ON o.customer_id = x.customer_id AND o.placed_at >= x.since
                               AND o.currency = $2 AND o.cancelled_at IS NULL
            WHERE x.variants = 1
            GROUP BY x.customer_id, x.variant
         )
         SELECT variant, count(*)::text AS exposed, count(*) FILTER (WHERE orders > 0)::text AS converted,
                sum(revenue)::text AS revenue, sum(revenue * revenue)::text AS revenue_sq
           FROM per_user GROUP BY variant ORDER BY variant`,
      [experimentId, currency],
    );
    const excluded: { n: string }[] = await this.dataSource.query(
      `SELECT count(*) AS n FROM (
         SELECT customer_id FROM exposures WHERE experiment_id = $1
          GROUP BY customer_id HAVING count(DISTINCT variant) > 1
       ) x`,
      [experimentId],
    );
    return {
      variants: rows.map((row) => ({
        variant: row.variant,
        exposed: Number(row.exposed),
        converted: Number(row.converted),
        revenue: Number(row.revenue),
        revenueSquares: Number(row.revenue_sq),
      })),
      excluded: Number(excluded[0].n),
    };
  }
}
