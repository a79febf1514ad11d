import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CustomersRepository } from '../customers/customers.repository';
import { TiersService } from '../tiers/tiers.service';
import { pageOf, type Page } from '@omni/platform';
import type { LedgerEntry, Lot } from './points.repository';
import type { PointsView } from './dto/points.dto';
import { PointsRepository } from './points.repository';
import { customerNotFound } from './points.service';

/** GET /v1/customers/{id}/points: one consistent snapshot of balance, lots and ledger. */
@Injectable()
export class PointsQueryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly customers: CustomersRepository,
    private readonly points: PointsRepository,
    private readonly tiers: TiersService,
  ) {}

  /** A page of the customer's lots in the order they were earned. */
  lots(customerId: string, page: { after?: string; limit: number }): Promise<Page<LotView>> {
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      if ((await this.customers.find(tx, customerId)) === undefined)
        throw customerNotFound(customerId);
      const rows = await this.points.lotsAfter(tx, customerId, page.after, page.limit + 1);
      const { items, next } = pageOf(rows, page.limit, (row) => row.seq);
      return { items: items.map(lotView), next };
    });
  }

  /** A page of the customer's ledger entries, oldest first. */
  entries(customerId: string, page: { after?: string; limit: number }): Promise<Page<EntryView>> {
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      if ((await this.customers.find(tx, customerId)) === undefined)
        throw customerNotFound(customerId);
      const rows = await this.points.entriesAfter(tx, customerId, page.after, page.limit + 1);
      const { items, next } = pageOf(rows, page.limit, (row) => row.seq);
      return { items: items.map(entryView), next };
    });
  }

  view(customerId: string, page: { limit: number; before?: string }): Promise<PointsView> {
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      if ((await this.customers.find(tx, customerId)) === undefined)
        throw customerNotFound(customerId);
      const now = new Date();
      const balance = await this.points.balance(tx, customerId);
      const lots = await this.points.lots(tx, customerId);
      const { entries, next } = await this.points.entries(tx, customerId, page);
      const { activity } = await this.tiers.qualification(tx, customerId, now);
      const available = await this.points.available(tx, customerId, now);
      return {
        customerId,
        balance,
        spendable: Math.max(0, available),
        tierQualifying: activity.points,
        lots: lots.map(lotView),
        entries: entries.map(entryView),
        ...(next === undefined ? {} : { next }),
      };
    });
  }
}

type LotView = PointsView['lots'][number];
type EntryView = PointsView['entries'][number];

const lotView = (lot: Lot): LotView => ({
  lotId: lot.lotId,
  source: lot.source,
  orderId: lot.orderId,
  earned: lot.earned,
  remaining: lot.remaining,
  earnedAt: lot.earnedAt.toISOString(),
  expiresAt: lot.expiresAt.toISOString(),
});

const entryView = (entry: LedgerEntry): EntryView => ({
  entryId: entry.entryId,
  entryType: entry.entryType,
  delta: entry.delta,
  lotId: entry.lotId,
  orderId: entry.orderId,
  redemptionId: entry.redemptionId,
  reason: entry.reason,
  occurredAt: entry.occurredAt.toISOString(),
});
