import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConsentService } from '../consent/consent.service';
import { JourneysRepository } from '../journeys/journeys.repository';
import { isoText } from '../json-sql';
import { InsightsRepository } from './insights.repository';

export type CustomerSummary = {
  segments: { segmentId: string; name: string; joinedAt: string }[];
  lifecycle: string | null;
  valueTier: string | null;
  churnReason: string | null;
  rfm: { r: number; f: number; m: number } | null;
  consent: {
    channel: string;
    purpose: string;
    granted: boolean;
    occurredAt: string;
  }[];
  clv: { currency: string | null; historicalMinor: number; predictedMinor: number } | null;
};

/**
 * The arguments of a `json_build_object` that writes a customer's summary in the order of
 * `CustomerSummary`: `customerId` is the SQL of its id, `insights` the alias of its
 * `customer_insights` row, LEFT JOINed by the caller (no row: no lifecycle, RFM or CLV). Its
 * own aliases end in `_`, so they never hide the caller's.
 */
export const summaryJsonFields = (customerId: string, insights: string): string => `
  'segments', (SELECT coalesce(json_agg(json_build_object('segmentId', sm_.segment_id,
      'name', coalesce(sg_.name, sm_.segment_id), 'joinedAt', ${isoText('sm_.joined_at')})
      ORDER BY sm_.joined_at, sm_.segment_id), '[]')
    FROM segment_members sm_ LEFT JOIN segments sg_ ON sg_.segment_id = sm_.segment_id
    WHERE sm_.customer_id = ${customerId}),
  'lifecycle', ${insights}.lifecycle,
  'valueTier', ${insights}.value_tier,
  'churnReason', ${insights}.churn_reason,
  'rfm', CASE WHEN ${insights}.rfm_r IS NOT NULL THEN json_build_object('r', ${insights}.rfm_r,
      'f', coalesce(${insights}.rfm_f, 0), 'm', coalesce(${insights}.rfm_m, 0)) END,
  'consent', (SELECT coalesce(json_agg(json_build_object('channel', cs_.channel,
      'purpose', cs_.purpose, 'granted', cs_.granted, 'occurredAt', ${isoText('cs_.occurred_at')})
      ORDER BY cs_.channel, cs_.purpose), '[]')
    FROM consent cs_ WHERE cs_.customer_id = ${customerId}),
  'clv', CASE WHEN ${insights}.customer_id IS NOT NULL THEN json_build_object(
      'currency', ${insights}.clv_currency,
      'historicalMinor', ${insights}.clv_historical_minor,
      'predictedMinor', ${insights}.clv_predicted_minor) END`;

/**
 * What crm-journeys holds about one customer, for the customer API (summary) and the right of
 * access (exportOf). Wired into GET /v1/customers/{id} and its export by the customers feature.
 */
@Injectable()
export class CustomerInsightsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly insights: InsightsRepository,
    private readonly consent: ConsentService,
    private readonly journeys: JourneysRepository,
  ) {}

  /** In one statement: the stored insights, segment memberships by name, and consent in force. */
  async summary(customerId: string): Promise<CustomerSummary> {
    const [row]: { summary: CustomerSummary }[] = await this.dataSource.query(
      `SELECT json_build_object(${summaryJsonFields('$1', 'i')}) AS summary
       FROM (SELECT 1) one LEFT JOIN customer_insights i ON i.customer_id = $1`,
      [customerId],
    );
    return row.summary;
  }

  /** Everything: insights, the orders they came from, segments, consent history, journeys. */
  async exportOf(customerId: string): Promise<Record<string, unknown>> {
    const manager = this.dataSource.manager;
    const [summary, orders, consent, instances, firings] = await Promise.all([
      this.summary(customerId),
      this.insights.ordersOf(manager, customerId),
      this.consent.get(customerId),
      this.journeys.instancesOf(manager, customerId),
      this.journeys.firingsOf(manager, customerId),
    ]);
    return {
      insights: summary,
      orders,
      consent: { current: consent.consents, history: consent.history },
      journeys: { instances, firings },
    };
  }
}
