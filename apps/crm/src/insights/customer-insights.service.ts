import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ConsentService } from '../consent/consent.service';
import { JourneysRepository } from '../journeys/journeys.repository';
import { InsightsRepository } from './insights.repository';
import { SegmentsRepository } from './segments/segments.repository';

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
    private readonly segments: SegmentsRepository,
    private readonly consent: ConsentService,
    private readonly journeys: JourneysRepository,
  ) {}

  async summary(customerId: string): Promise<CustomerSummary> {
    const manager = this.dataSource.manager;
    const [[insights], memberships, segments, consent] = await Promise.all([
      this.insights.insightsOf(manager, [customerId]),
      this.segments.membershipsOf(manager, [customerId]),
      this.segments.all(manager),
      this.consent.currentOf(manager, customerId),
    ]);
    const names = new Map(segments.map((s) => [s.segmentId, s.name]));
    return {
      segments: memberships.map((m) => ({
        segmentId: m.segmentId,
        name: names.get(m.segmentId) ?? m.segmentId,
        joinedAt: m.joinedAt.toISOString(),
      })),
      lifecycle: insights?.lifecycle ?? null,
      valueTier: insights?.valueTier ?? null,
      churnReason: insights?.churnReason ?? null,
      rfm: insights?.rfm ?? null,
      consent: consent.map((c) => ({
        channel: c.channel,
        purpose: c.purpose,
        granted: c.granted,
        occurredAt: c.occurredAt.toISOString(),
      })),
      clv: insights
        ? {
            currency: insights.clvCurrency,
            historicalMinor: insights.clvHistoricalMinor,
            predictedMinor: insights.clvPredictedMinor,
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
