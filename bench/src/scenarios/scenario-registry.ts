import type { BenchScenario } from './bench-scenario';
import { defaultEndToEndSettings, endToEndScenario } from './end-to-end.scenario';
import { identityAccuracyScenario } from './identity-accuracy.scenario';
import { ingestHttpScenario } from './ingest-http.scenario';
import { rawKafkaScenario } from './raw-kafka.scenario';
import {
  defaultFreshnessSettings,
  reportingFreshnessScenario,
} from './reporting-freshness.scenario';

export type ScenarioOverrides = {
  readonly loads?: readonly number[];
  readonly loadSeconds?: number;
};

/**
 * Every scenario `npm run bench` knows, in run order. A new service adds its own module
 * (quote latency, KPI freshness, …) and one line here; the runner needs no change.
 */
export function createScenarios(overrides: ScenarioOverrides = {}): BenchScenario[] {
  return [
    rawKafkaScenario,
    ingestHttpScenario,
    endToEndScenario((tiny) => {
      const defaults = defaultEndToEndSettings(tiny);
      return {
        loads: overrides.loads ?? defaults.loads,
        secondsPerLoad: overrides.loadSeconds ?? defaults.secondsPerLoad,
      };
    }),
    identityAccuracyScenario,
    reportingFreshnessScenario((tiny) => {
      const defaults = defaultFreshnessSettings(tiny);
      return {
        ...defaults,
        loads: overrides.loads ?? defaults.loads,
        secondsPerLoad: overrides.loadSeconds ?? defaults.secondsPerLoad,
      };
    }),
  ];
}

export const SCENARIO_IDS: readonly string[] = createScenarios().map((scenario) => scenario.id);

export function pickScenarios(
  ids: readonly string[],
  overrides: ScenarioOverrides = {},
): BenchScenario[] {
  const all = createScenarios(overrides);
  return ids.map((id) => {
    const found = all.find((scenario) => scenario.id === id);
    if (found === undefined)
      throw new Error(`unknown scenario ${id}; known: ${SCENARIO_IDS.join(', ')}`);
    return found;
  });
}
