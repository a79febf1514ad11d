import type { InventoryAnswerDto } from '../inventory/dto/inventory.dto';
import type { TableRow } from './report-table';

export const INVENTORY_COLUMNS = [
  'sku',
  'slowMoverRank',
  'locations',
  'currentAvailable',
  'averageAvailable',
  'stockoutRate',
  'unitsSold',
  'turnover',
  'daysOfCover',
  'daysSinceLastSale',
  'lastSoldAt',
] as const;

/**
 * One row per SKU, slowest movers first. Stock and units sold are figures about products, not
 * about customers (as ad spend is), so no cell is hidden.
 */
export function inventoryTableRows(answer: InventoryAnswerDto): TableRow[] {
  return answer.rows.map((row) => ({
    cells: Object.fromEntries(INVENTORY_COLUMNS.map((column) => [column, row[column]])),
    suppressed: [],
  }));
}
