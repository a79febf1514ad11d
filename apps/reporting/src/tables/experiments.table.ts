import type { ExperimentReadoutDto } from '../experiments/dto/experiments.dto';
import { hideSmallCells } from './k-anonymity';
import type { TableRow } from './report-table';

export const EXPERIMENT_COLUMNS = [
  'experimentId',
  'status',
  'variant',
  'exposed',
  'converted',
  'conversionRate',
  'revenue',
  'revenuePerUser',
  'relativeUplift',
  'pValue',
  'significant',
  'method',
];

const ABOUT_EXPOSED = new Set(['exposed']);
const ABOUT_CONVERTED = new Set(['converted', 'conversionRate', 'revenue', 'revenuePerUser']);
const COMPARISON = new Set(['relativeUplift', 'pValue', 'significant', 'method']);

type ConversionTest = {
  relativeUplift: number | null;
  pValue: number;
  significant: boolean;
  method: string;
};

/** One row per variant; the comparison with the control on the treatment's row. */
export function experimentRows(readout: ExperimentReadoutDto, k: number): TableRow[] {
  return readout.variants.map((variant) => {
    const comparison = readout.comparisons?.find((c) => c.variant === variant.variant);
    const conversion = comparison?.conversion as ConversionTest | undefined;
    const control = readout.variants.find((v) => v.variant === comparison?.control);
    // A comparison is also about the control's customers.
    const compared = control === undefined ? [] : [control.exposed, control.converted];
    return hideSmallCells(
      {
        experimentId: readout.experimentId,
        status: readout.status,
        variant: variant.variant,
        exposed: variant.exposed,
        converted: variant.converted,
        conversionRate: variant.conversionRate,
        revenue: variant.revenue,
        revenuePerUser: variant.revenuePerUser,
        relativeUplift: conversion?.relativeUplift ?? null,
        pValue: conversion?.pValue ?? null,
        significant: conversion?.significant ?? null,
        method: conversion?.method ?? null,
      },
      (column) =>
        ABOUT_EXPOSED.has(column)
          ? [variant.exposed]
          : ABOUT_CONVERTED.has(column)
            ? [variant.exposed, variant.converted]
            : COMPARISON.has(column) && comparison !== undefined
              ? [variant.exposed, variant.converted, ...compared]
              : [],
      k,
    );
  });
}
