import type { RetentionAnswerDto } from '../retention/dto/retention.dto';
import { hideSmallCells } from './k-anonymity';
import type { TableRow } from './report-table';

export const retentionColumns = (periods: number) => [
  'cohortStart',
  'size',
  'within7Days',
  'within30Days',
  ...Array.from({ length: periods }, (_, i) => `returned${i}`),
  ...Array.from({ length: periods }, (_, i) => `rate${i}`),
];

/** One row per cohort: customers back per later period (returned0 is the entry period) and rates. */
export function retentionRows(answer: RetentionAnswerDto, periods: number, k: number) {
  return answer.cohorts.map((cohort): TableRow => {
    const counts: Record<string, number[]> = {
      size: [cohort.size],
      within7Days: [cohort.size, cohort.within7Days],
      within30Days: [cohort.size, cohort.within30Days],
    };
    const cells: Record<string, string | number | null> = {
      cohortStart: cohort.cohortStart,
      size: cohort.size,
      within7Days: cohort.within7Days,
      within30Days: cohort.within30Days,
    };
    for (let i = 0; i < periods; i++) {
      cells[`returned${i}`] = cohort.returned[i] ?? null;
      cells[`rate${i}`] = cohort.rates[i] ?? null;
      counts[`returned${i}`] = [cohort.size, cohort.returned[i] ?? 0];
      counts[`rate${i}`] = [cohort.size, cohort.returned[i] ?? 0];
    }
    return hideSmallCells(cells, (column) => counts[column] ?? [], k);
  });
}
