import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@omni/platform';
import type { ReportingConfig } from '../config/reporting-config';
import type { ReportTable } from '../tables/report-table';
import type { PromotionsAnswerDto, PromotionsQuery } from './dto/promotions.dto';
import { PROMOTION_COLUMNS, promotionRows } from './promotions.table';
import { PromotionsRepository } from './promotions.repository';

const ratio = (numerator: number, denominator: number) =>
  denominator === 0 ? null : numerator / denominator;

/** Per promotions campaign: offers, redemptions, conversion, discount, revenue and CTR. */
@Injectable()
export class PromotionsService {
  constructor(
    private readonly promotions: PromotionsRepository,
    @Inject(SERVICE_CONFIG) private readonly config: ReportingConfig,
  ) {}

  async query(query: PromotionsQuery): Promise<PromotionsAnswerDto> {
    const { currency } = this.config.kpis;
    const figures = await this.promotions.figures(
      { from: new Date(query.from), to: new Date(query.to), channel: query.channel ?? null },
      currency,
    );
    return {
      currency,
      rows: figures.map((f) => ({
        ...f,
        conversionRate: ratio(f.offersRedeemed, f.offersIssued),
        ctr: ratio(f.clicks, f.impressions),
      })),
    };
  }

  async table(query: PromotionsQuery): Promise<ReportTable> {
    const k = this.config.dashboard.minCellCustomers;
    const { rows } = await this.query(query);
    return {
      table: 'promotions',
      columns: [...PROMOTION_COLUMNS],
      rows: promotionRows(rows, k),
      minCellCustomers: k,
    };
  }
}
