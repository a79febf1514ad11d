import type { AttributionAnswerDto } from '../attribution/dto/attribution.dto';
import { hideSmallCells } from './k-anonymity';
import type { TableRow } from './report-table';

export const attributionColumns = (models: readonly string[]) => [
  'channel',
  'campaignId',
  'paid',
  'customers',
  'touches',
  ...models,
];

/** One row per channel × campaign × paid, a credit column per model. */
export function attributionRows(
  answer: AttributionAnswerDto,
  campaign: string | undefined,
  k: number,
): TableRow[] {
  return answer.rows
    .filter((row) => campaign === undefined || row.campaignId === campaign)
    .map((row) =>
      hideSmallCells(
        {
          channel: row.channel,
          campaignId: row.campaignId,
          paid: row.paid,
          customers: row.customers,
          touches: row.touches,
          ...row.credits,
        },
        (column) => (['channel', 'campaignId', 'paid'].includes(column) ? [] : [row.customers]),
        k,
      ),
    );
}
