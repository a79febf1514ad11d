import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Grain } from '../facts/event-facts';
import type { GroupBy } from './dto/kpis.dto';

export type KpiSlice = {
  /** Bucket size of the answer, cut in `tz`. */
  interval: Grain;
  /** The stored grain read: day only when its UTC days are the answer's days. */
  grain: Grain;
  tz: string;
  from: Date;
  to: Date;
  groupBy: readonly GroupBy[];
  channels?: readonly string[];
  campaigns?: readonly string[];
};

export type SliceKey = { bucket: Date; channel?: string; campaignId?: string };
type Raw = Record<string, unknown> & { bucket: Date; channel?: string; campaign_id?: string };

const COUNTER_COLUMNS = [
  ['events', 'events'],
  ['pageViews', 'page_views'],
  ['productViews', 'product_views'],
  ['searches', 'searches'],
  ['cartAdds', 'cart_adds'],
  ['checkouts', 'checkouts'],
  ['orders', 'orders'],
  ['gmv', 'gmv'],
  ['discounts', 'discounts'],
  ['otherCurrencyOrders', 'other_currency_orders'],
  ['refunds', 'refunds'],
  ['refunded', 'refunded'],
  ['cancellations', 'cancellations'],
  ['cancelled', 'cancelled'],
  ['touches', 'touches'],
  ['clicks', 'clicks'],
  ['negativeReviews', 'negative_reviews'],
  ['csatAnswers', 'csat_answers'],
  ['csatSatisfied', 'csat_satisfied'],
  ['csatScoreSum', 'csat_score_sum'],
  ['serviceContacts', 'service_contacts'],
] as const;

const DIMENSION: Record<GroupBy, string> = { channel: 'channel', campaign: 'campaign_id' };

/** Reads the KPI buckets, customer sets and spend of a slice, grouped by bucket and dimensions. */
@Injectable()
export class KpisRepository {
  constructor(private readonly dataSource: DataSource) {}

  async counters(slice: KpiSlice) {
    const { sql, params, dims } = this.scope(slice, 'kpi_buckets');
    const rows: Raw[] = await this.dataSource.query(
      `SELECT ${this.bucketExpr('bucket_start')} AS bucket${dims.select},
              ${COUNTER_COLUMNS.map(([alias, column]) => `sum(${column})::text AS "${alias}"`).join(', ')}
         FROM kpi_buckets WHERE ${sql} GROUP BY 1${dims.group}`,
      params,
    );
    return rows.map((row) => ({
      key: keyOf(row),
      values: Object.fromEntries(
        COUNTER_COLUMNS.map(([alias]) => [alias, Number(row[alias] as string)]),
      ) as Record<(typeof COUNTER_COLUMNS)[number][0], number>,
    }));
  }

  /**
   * Distinct visitors, buyers, CSAT respondents and customers who contacted service, and buyers
   * whose first order ever falls in the bucket.
   */
  async people(slice: KpiSlice) {
    const { sql, params, dims } = this.scope(slice, 'kpi_bucket_customers');
    const rows: Raw[] = await this.dataSource.query(
      `WITH members AS (
         SELECT DISTINCT ${this.bucketExpr('bucket_start')} AS bucket${dims.select}, role, customer_id
           FROM kpi_bucket_customers WHERE ${sql}
       ), firsts AS (
         SELECT customer_id, min(placed_at) AS first_at FROM orders
          WHERE customer_id IN (SELECT customer_id FROM members WHERE role = 'buyer')
          GROUP BY customer_id
       )
       SELECT m.bucket${dims.select.replace(/, /g, ', m.')},
              count(*) FILTER (WHERE m.role = 'visitor')::text AS visitors,
              count(*) FILTER (WHERE m.role = 'buyer')::text AS buyers,
              count(*) FILTER (WHERE m.role = 'respondent')::text AS respondents,
              count(*) FILTER (WHERE m.role = 'contact')::text AS contacts,
              count(*) FILTER (WHERE m.role = 'buyer' AND ${this.bucketExpr('f.first_at')} = m.bucket)::text AS "newBuyers"
         FROM members m LEFT JOIN firsts f ON f.customer_id = m.customer_id AND m.role = 'buyer'
        GROUP BY m.bucket${dims.group.replace(/, /g, ', m.')}`,
      params,
    );
    return rows.map((row) => ({
      key: keyOf(row),
      visitors: Number(row['visitors']),
      buyers: Number(row['buyers']),
      newBuyers: Number(row['newBuyers']),
      respondents: Number(row['respondents']),
      contacts: Number(row['contacts']),
    }));
  }

  /** Daily spend in `currency`, each date in the slice's time zone. */
  async spend(slice: KpiSlice, currency: string) {
    const conditions = [
      `currency = $5`,
      `(spend_date::timestamp AT TIME ZONE $2) >= $3`,
      `(spend_date::timestamp AT TIME ZONE $2) < $4`,
    ];
    const params: unknown[] = [
      slice.interval,
      slice.tz,
      slice.from.toISOString(),
      slice.to.toISOString(),
      currency,
    ];
    this.filters(slice, conditions, params);
    const dims = this.dims(slice);
    const rows: Raw[] = await this.dataSource.query(
      `SELECT (spend_date::timestamp AT TIME ZONE $2) AS bucket${dims.select}, sum(cost)::text AS spend
         FROM spend WHERE ${conditions.join(' AND ')} AND $1::text = 'day' GROUP BY 1${dims.group}`,
      params,
    );
    return rows.map((row) => ({ key: keyOf(row), spend: Number(row['spend']) }));
  }

  /** The latest event time applied from `topic`, and when the latest batch was applied. */
  async freshness(topic: string) {
    const rows: { event_time: Date | null; applied_at: Date | null }[] =
      await this.dataSource.query(
        `SELECT max(event_time) AS event_time, max(applied_at) AS applied_at FROM watermarks WHERE topic = $1`,
        [topic],
      );
    const row = rows[0];
    return {
      eventTime: row?.event_time ? new Date(row.event_time).toISOString() : null,
      appliedAt: row?.applied_at ? new Date(row.applied_at).toISOString() : null,
    };
  }

  private bucketExpr(column: string): string {
    return `(date_trunc($1, ${column} AT TIME ZONE $2) AT TIME ZONE $2)`;
  }

  private scope(slice: KpiSlice, table: string) {
    const conditions = [`${table}.grain = $5`, `bucket_start >= $3`, `bucket_start < $4`];
    const params: unknown[] = [
      slice.interval,
      slice.tz,
      slice.from.toISOString(),
      slice.to.toISOString(),
      slice.grain,
    ];
    this.filters(slice, conditions, params);
    return { sql: conditions.join(' AND '), params, dims: this.dims(slice) };
  }

  private filters(slice: KpiSlice, conditions: string[], params: unknown[]): void {
    if (slice.channels !== undefined) {
      params.push(slice.channels);
      conditions.push(`channel = ANY($${params.length}::text[])`);
    }
    if (slice.campaigns !== undefined) {
      params.push(slice.campaigns);
      conditions.push(`campaign_id = ANY($${params.length}::text[])`);
    }
  }

  private dims(slice: KpiSlice) {
    const columns = slice.groupBy.map((dimension) => DIMENSION[dimension]);
    const list = columns.map((column) => `, ${column}`).join('');
    return { select: list, group: list };
  }
}

function keyOf(row: Raw): SliceKey {
  return {
    bucket: new Date(row.bucket),
    ...(row.channel === undefined ? {} : { channel: row.channel }),
    ...(row.campaign_id === undefined ? {} : { campaignId: row.campaign_id }),
  };
}

export const sliceKeyId = (key: SliceKey): string =>
  `${key.bucket.toISOString()}|${key.channel ?? ''}|${key.campaignId ?? ''}`;
