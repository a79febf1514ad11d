import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ConsentService } from '../consent/consent.service';
import { JourneysRepository } from '../journeys/journeys.repository';
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
 * What crm-journeys holds about one customer, for the customer API (summary) and the right of
 * access (exportOf). Wired into GET /v1/customers/{id} and its export by the customers feature.
 */
@Injectable()
export class CustomerInsightsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly insights: InsightsRepository,
    private readonly consent: ConsentService,
    private readonly journeys: JourneysRepository,
  ) {}

  /** In one statement: the stored insights, segment memberships by name, and consent in force. */
  async summary(customerId: string): Promise<CustomerSummary> {
    const [row]: {
      insights: {
        lifecycle: string | null;
        value_tier: string | null;
        churn_reason: string | null;
        rfm_r: number | null;
        rfm_f: number | null;
        rfm_m: number | null;
        clv_currency: string | null;
        clv_historical_minor: number | string;
        clv_predicted_minor: number | string;
      } | null;
      segments: { segmentId: string; name: string; joinedAt: string }[];
      consent: { channel: string; purpose: string; granted: boolean; occurredAt: string }[];
    }[] = await this.dataSource.query(
      `SELECT
         (SELECT row_to_json(i) FROM (
            SELECT lifecycle, value_tier, churn_reason, rfm_r, rfm_f, rfm_m, clv_currency,
                   clv_historical_minor, clv_predicted_minor
            FROM customer_insights WHERE customer_id = $1) i) AS insights,
         (SELECT coalesce(json_agg(json_build_object('segmentId', m.segment_id,
                   'name', coalesce(s.name, m.segment_id), 'joinedAt', m.joined_at)
                   ORDER BY m.joined_at, m.segment_id), '[]')
            FROM segment_members m LEFT JOIN segments s ON s.segment_id = m.segment_id
            WHERE m.customer_id = $1) AS segments,
         (SELECT coalesce(json_agg(json_build_object('channel', channel, 'purpose', purpose,
                   'granted', granted, 'occurredAt', occurred_at) ORDER BY channel, purpose), '[]')
            FROM consent WHERE customer_id = $1) AS consent`,
      [customerId],
    );
    const insights = row.insights;
    const iso = (at: string) => new Date(at).toISOString();
    return {
      segments: row.segments.map((m) => ({ ...m, joinedAt: iso(m.joinedAt) })),
      lifecycle: insights?.lifecycle ?? null,
      valueTier: insights?.value_tier ?? null,
      churnReason: insights?.churn_reason ?? null,
      rfm:
        insights === null || insights.rfm_r === null
          ? null
          : { r: insights.rfm_r, f: insights.rfm_f ?? 0, m: insights.rfm_m ?? 0 },
      consent: row.consent.map((c) => ({ ...c, occurredAt: iso(c.occurredAt) })),
      clv: insights
        ? {
            currency: insights.clv_currency,
            historicalMinor: Number(insights.clv_historical_minor),
            predictedMinor: Number(insights.clv_predicted_minor),
          }
        : null,
    };
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
