import { Query, Res } from '@nestjs/common';
import { AdminController, Endpoint } from '@omni/platform';
import type { FastifyReply } from 'fastify';
import { ReportTableDto } from '../tables/dto/table-queries.dto';
import { CSV_ANSWER, sendCsv } from '../tables/csv-reply';
import type { ReportTable } from '../tables/report-table';
import { PromotionsAnswerDto, PromotionsQueryDto } from './dto/promotions.dto';
import { PromotionsService } from './promotions.service';

const SUMMARY =
  'Per promotions campaign in [from, to): offers issued and later redeemed, conversion (redeemed ÷ issued), redemptions, discount net of releases, revenue of the orders that redeemed, impressions, clicks and CTR (clicks ÷ impressions) of the campaign’s touches.';

@AdminController('v1/promotions', 'promotions', { 400: 'invalid_request' })
export class PromotionsController {
  constructor(private readonly promotions: PromotionsService) {}

  @Endpoint('GET', { summary: SUMMARY, answer: PromotionsAnswerDto })
  query(@Query() query: PromotionsQueryDto): Promise<PromotionsAnswerDto> {
    return this.promotions.query(query);
  }
}

@AdminController('v1/dashboard', 'dashboard', { 400: 'invalid_request' })
export class PromotionsTableController {
  constructor(private readonly promotions: PromotionsService) {}

  @Endpoint('GET promotions', {
    summary: `${SUMMARY} Cells about fewer than REPORTING_MIN_CELL_CUSTOMERS customers are null and listed in suppressed.`,
    answer: ReportTableDto,
  })
  table(@Query() query: PromotionsQueryDto): Promise<ReportTable> {
    return this.promotions.table(query);
  }
}

@AdminController('v1/exports', 'exports', { 400: 'invalid_request' })
export class PromotionsExportController {
  constructor(private readonly promotions: PromotionsService) {}

  @Endpoint('GET promotions.csv', {
    summary:
      'The promotions table as CSV (RFC 4180, UTF-8): the columns of GET /v1/dashboard/promotions, hidden cells empty, and a last column "suppressed" naming them (;-separated).',
    ...CSV_ANSWER,
  })
  async csv(@Query() query: PromotionsQueryDto, @Res() reply: FastifyReply): Promise<FastifyReply> {
    return sendCsv(reply, await this.promotions.table(query));
  }
}
