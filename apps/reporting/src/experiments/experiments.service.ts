import { Inject, Injectable } from '@nestjs/common';
import { ApiError, SERVICE_CONFIG } from '@omni/platform';
import type { ReportingConfig } from '../config/reporting-config';
import type { ExperimentReadoutDto } from './dto/experiments.dto';
import { ExperimentsRepository, type VariantFigures } from './experiments.repository';
import { sampleRatioCheck, twoProportionTest, welchTest } from './stats';

const summary = (v: VariantFigures) => {
  const mean = v.revenue / v.exposed;
  const variance =
    v.exposed < 2 ? 0 : (v.revenueSquares - v.exposed * mean * mean) / (v.exposed - 1);
  return { n: v.exposed, mean, variance: Math.max(variance, 0) };
};

/** A/B read-outs from the experiments events carried in context.experiments. */
@Injectable()
export class ExperimentsService {
  constructor(
    private readonly experiments: ExperimentsRepository,
    @Inject(SERVICE_CONFIG) private readonly config: ReportingConfig,
  ) {}

  async readout(
    experimentId: string,
    options: { control?: string; split?: Record<string, number> },
  ): Promise<ExperimentReadoutDto> {
    const { currency } = this.config.kpis;
    const { minSample, confidence, srmAlpha } = this.config.experiments;
    const { variants, excluded } = await this.experiments.figures(experimentId, currency);
    if (variants.length === 0) {
      throw new ApiError(404, 'experiment_not_found', `no exposures of experiment ${experimentId}`);
    }
    const names = variants.map((v) => v.variant);
    const controlName =
      options.control ?? (names.includes('control') ? 'control' : [...names].sort()[0]);
    const control = variants.find((v) => v.variant === controlName);
    if (control === undefined) {
      throw new ApiError(
        400,
        'unknown_variant',
        `control ${controlName} is not among ${names.join(', ')}`,
      );
    }
    const split = options.split;
    if (split !== undefined) {
      const missing = names.filter((name) => !(name in split));
      if (missing.length > 0 || Object.values(split).every((w) => w === 0)) {
        throw new ApiError(
          400,
          'invalid_split',
          `split must give a weight to every variant: ${names.join(', ')}`,
        );
      }
    }
    const sampleRatio = sampleRatioCheck(
      variants.map((v) => v.exposed),
      variants.map((v) => options.split?.[v.variant] ?? 1),
      srmAlpha,
    );
    const sufficient = variants.every((v) => v.exposed >= minSample);
    const alpha = 1 - confidence;
    const readout: ExperimentReadoutDto = {
      experimentId,
      status: !sufficient
        ? 'insufficient-sample'
        : sampleRatio.mismatch
          ? 'sample-ratio-mismatch'
          : 'ok',
      currency,
      confidence,
      minSample,
      excluded,
      variants: variants.map((v) => ({
        variant: v.variant,
        exposed: v.exposed,
        converted: v.converted,
        conversionRate: v.converted / v.exposed,
        revenue: v.revenue,
        revenuePerUser: v.revenue / v.exposed,
      })),
      sampleRatio: {
        ...sampleRatio,
        expectedWeights: variants.map((v) => options.split?.[v.variant] ?? 1),
      },
    };
    if (sufficient) {
      readout.comparisons = variants
        .filter((v) => v !== control)
        .map((v) => {
          const conversion = twoProportionTest(
            { n: control.exposed, x: control.converted },
            { n: v.exposed, x: v.converted },
            confidence,
          );
          const revenue = welchTest(summary(control), summary(v), confidence);
          return {
            variant: v.variant,
            control: control.variant,
            conversion: { ...conversion, significant: conversion.pValue < alpha },
            revenuePerUser: { ...revenue, significant: revenue.pValue < alpha },
          };
        });
    }
    return readout;
  }
}
