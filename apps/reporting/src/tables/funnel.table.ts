import type { FunnelAnswerDto } from '../funnels/dto/funnels.dto';
import { hideSmallCells } from './k-anonymity';
import type { TableRow } from './report-table';

export const FUNNEL_COLUMNS = [
  'step',
  'name',
  'customers',
  'conversionFromPrevious',
  'conversionFromFirst',
];

/**
 * One row per step. With a campaign, the counts are those of the customers whose best attempt
 * started on it (the funnel's campaign breakdown).
 */
export function funnelRows(answer: FunnelAnswerDto, campaign: string | undefined, k: number) {
  const counts =
    campaign === undefined
      ? answer.steps.map((step) => step.customers)
      : (answer.breakdown?.find((part) => part.value === campaign)?.customers ??
        answer.steps.map(() => 0));
  const ratio = (a: number, b: number) => (b === 0 ? null : a / b);
  return answer.steps.map((step, i): TableRow => {
    const previous = i === 0 ? counts[0] : counts[i - 1];
    return hideSmallCells(
      {
        step: i + 1,
        name: step.name,
        customers: counts[i],
        conversionFromPrevious: i === 0 ? null : ratio(counts[i], previous),
        conversionFromFirst: ratio(counts[i], counts[0]),
      },
      (column) =>
        column === 'customers'
          ? [counts[i]]
          : column === 'conversionFromPrevious' && i > 0
            ? [counts[i], previous]
            : column === 'conversionFromFirst'
              ? [counts[i], counts[0]]
              : [],
      k,
    );
  });
}
