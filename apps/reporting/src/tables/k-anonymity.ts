import type { CsvCell } from './csv';
import type { TableRow } from './report-table';

/**
 * Hides every cell that describes fewer than `k` customers: `customersOf(column)` gives the
 * customer counts a cell is computed from (none for cells about no one, such as ad spend). A
 * cell is hidden when any of them is between 1 and k − 1, so a ratio cannot give away a hidden
 * count. A cell about nobody (0) tells nothing about anyone and stays.
 */
export function hideSmallCells(
  cells: Record<string, CsvCell>,
  customersOf: (column: string) => readonly number[],
  k: number,
): TableRow {
  const suppressed: string[] = [];
  const kept: Record<string, CsvCell> = {};
  for (const [column, value] of Object.entries(cells)) {
    const small = customersOf(column).some((count) => count > 0 && count < k);
    if (small) suppressed.push(column);
    kept[column] = small ? null : value;
  }
  return { cells: kept, suppressed };
}
