import type { StoredDecision } from '../channel-decisions/channel-decisions.repository';
import { hideSmallCells } from './k-anonymity';
import type { TableRow } from './report-table';

export const DECISION_COLUMNS = [
  'periodStart',
  'periodEnd',
  'channel',
  'recommendation',
  'healthIndex',
  'resourceCut',
  'roi',
  'averageRoiOfExisting',
  'targetRoi',
  'monthRevenue',
  'monthCustomers',
  'reason',
  'decidedAt',
];

type Figures = {
  period?: { customers?: number } | null;
  roiHistory?: (number | null)[];
  averageRoiOfExisting?: number | null;
  targetRoi?: number;
  month?: { revenue?: number; customers?: number };
};

/**
 * One row per channel and period. The decision and health index are shown as decided; the
 * figures of a channel's period or month are hidden when they are about too few customers.
 */
export function decisionRows(decisions: readonly StoredDecision[], k: number): TableRow[] {
  return decisions.map((decision) => {
    const figures = decision.figures as Figures;
    const period = figures.period?.customers ?? 0;
    const month = figures.month?.customers ?? 0;
    return hideSmallCells(
      {
        periodStart: decision.periodStart,
        periodEnd: decision.periodEnd,
        channel: decision.channel,
        recommendation: decision.recommendation,
        healthIndex: decision.healthIndex,
        resourceCut: decision.resourceCut,
        roi: figures.roiHistory?.at(-1) ?? null,
        averageRoiOfExisting: figures.averageRoiOfExisting ?? null,
        targetRoi: figures.targetRoi ?? null,
        monthRevenue: figures.month?.revenue ?? null,
        monthCustomers: figures.month?.customers ?? null,
        reason: decision.reason,
        decidedAt: new Date(decision.decidedAt).toISOString(),
      },
      (column) =>
        column === 'roi'
          ? [period]
          : column === 'monthRevenue' || column === 'monthCustomers'
            ? [month]
            : [],
      k,
    );
  });
}
