import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CustomerProfileService } from '../customers/customer-profile.service';
import { CustomersRepository } from '../customers/customers.repository';
import { CustomerInsightsService } from '../insights/customer-insights.service';
import { PointsRepository } from '../points/points.repository';
import { customerNotFound } from '../points/points.service';
import type { CustomerExport } from './dto/export.dto';

/** Everything crm holds about one customer (the right of access). */
@Injectable()
export class ExportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly profiles: CustomerProfileService,
    private readonly customers: CustomersRepository,
    private readonly points: PointsRepository,
    private readonly insights: CustomerInsightsService,
  ) {}

  async exportOf(customerId: string): Promise<CustomerExport> {
    const profile = await this.profiles.profile(customerId);
    const insights = await this.insights.exportOf(customerId);
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      if ((await this.customers.find(tx, customerId)) === undefined)
        throw customerNotFound(customerId);
      const facts = await this.customers.facts(tx, customerId);
      const lots = await this.points.lots(tx, customerId);
      const entries = await this.points.allEntries(tx, customerId);
      const redemptions = await this.points.redemptions(tx, customerId);
      return {
        customerId,
        exportedAt: new Date().toISOString(),
        profile,
        insights,
        events: facts.map((fact) => ({
          eventKey: fact.eventKey,
          type: fact.type,
          channel: fact.channel,
          occurredAt: fact.occurredAt.toISOString(),
          orderId: fact.orderId,
          amount:
            fact.amount === null ? null : { amount: fact.amount, currency: fact.currency ?? '' },
          data: fact.data,
        })),
        points: {
          lots: lots.map((lot) => ({
            lotId: lot.lotId,
            source: lot.source,
            orderId: lot.orderId,
            earned: lot.earned,
            remaining: lot.remaining,
            earnedAt: lot.earnedAt.toISOString(),
            expiresAt: lot.expiresAt.toISOString(),
          })),
          ledger: entries.map((entry) => ({
            entryId: entry.entryId,
            entryType: entry.entryType,
            delta: entry.delta,
            lotId: entry.lotId,
            orderId: entry.orderId,
            redemptionId: entry.redemptionId,
            reason: entry.reason,
            occurredAt: entry.occurredAt.toISOString(),
          })),
          redemptions: redemptions.map((r) => ({
            redemptionId: r.redemptionId,
            idempotencyKey: r.idempotencyKey,
            points: r.points,
            reference: r.reference,
            lots: r.allocations,
            createdAt: r.createdAt.toISOString(),
          })),
        },
      };
    });
  }
}
