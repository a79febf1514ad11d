import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConsentService } from '../consent/consent.service';
import { JourneysRepository } from '../journeys/journeys.repository';
import { InsightsRepository, type CustomerSummary } from './insights.repository';

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
  summary(customerId: string): Promise<CustomerSummary> {
    return this.insights.summaryOf(this.dataSource.manager, customerId);
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
