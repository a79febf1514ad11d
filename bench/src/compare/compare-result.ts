import {
  compareCases,
  scenarioCase,
  type Comparison,
  type MeasuredRun,
  type ScenarioCase,
} from '@omni/testing';
import type { RunFigures } from './bench-metrics';

export type SideRun = RunFigures & { readonly details: Record<string, unknown> };

export type SideBySide = {
  readonly base: ScenarioCase;
  readonly current: ScenarioCase;
  /** Headline figures both sides measured, in the benches' order. */
  readonly compared: string[];
  /** The current median over the base median of each compared figure (none when the base is 0). */
  readonly comparisons: Comparison[];
  /** Headline figures only one side measured. */
  readonly oneSided: string[];
};

const asCase = (runs: readonly SideRun[]) =>
  scenarioCase(
    'default',
    runs.map(({ metrics, details }): MeasuredRun => ({ metrics, details })),
  );

/** Both sides' runs as cases of the shared schema, and the ratios of their headline medians. */
export function sideBySide(base: readonly SideRun[], current: readonly SideRun[]): SideBySide {
  const baseCase = asCase(base);
  const currentCase = asCase(current);
  const headline = [...new Set([...current, ...base].flatMap((run) => run.headline))];
  const compared = headline.filter(
    (metric) => baseCase.medians[metric] !== undefined && currentCase.medians[metric] !== undefined,
  );
  return {
    base: baseCase,
    current: currentCase,
    compared,
    comparisons: compared
      .filter((metric) => baseCase.medians[metric] !== 0)
      .map((metric) =>
        compareCases(metric, { case: currentCase }, { scenario: 'base', case: baseCase }),
      ),
    oneSided: headline.filter((metric) => !compared.includes(metric)),
  };
}
