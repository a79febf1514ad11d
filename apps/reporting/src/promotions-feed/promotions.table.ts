import type { PromotionRowDto } from './dto/promotions.dto';
import { hideSmallCells } from '../tables/k-anonymity';
import type { TableRow } from '../tables/report-table';

export const PROMOTION_COLUMNS = [
  'campaignId',
  'offersIssued',
  'offersRedeemed',
  'conversionRate',
  'redemptions',
  'discount',
  'revenue',
  'impressions',
  'clicks',
  'ctr',
  'customers',
] as const;

/** Offer and redemption cells are about the customers offered or redeeming; CTR about those touched. */
const TOUCH_COLUMNS: ReadonlySet<string> = new Set(['impressions', 'clicks', 'ctr']);

export function promotionRows(rows: readonly PromotionRowDto[], k: number): TableRow[] {
  return rows.map((row) =>
    hideSmallCells(
      Object.fromEntries(PROMOTION_COLUMNS.map((column) => [column, row[column]])),
      (column) =>
        column === 'campaignId'
          ? []
          : TOUCH_COLUMNS.has(column)
            ? [row.touchedCustomers]
            : [row.customers],
      k,
    ),
  );
}
