import type { Channel } from '@omni/contracts';
import type { ConnectorCredentials } from '../connectors/connector-provisioner';
import type { ProcessUsage } from '../platform/process-stats';
import type { PlatformEndpoints } from '../platform/platform-endpoints';

/** What every scenario gets from the runner. */
export type ScenarioContext = {
  readonly endpoints: PlatformEndpoints;
  /** Seconds-not-minutes sizes, for CI and smoke runs. */
  readonly tiny: boolean;
  readonly log: (line: string) => void;
  /** A seed for this run and stream, never reused by another run or scenario of this bench. */
  seed(run: number, stream: number): number;
  /** Per-channel connectors on the ingest under test, provisioned once per bench run. */
  connectors(): Promise<ReadonlyMap<Channel, ConnectorCredentials>>;
  /** Runs `work` while metering CPU and RSS of the platform's processes. */
  metered<T>(work: () => Promise<T>): Promise<{ value: T; processes: ProcessUsage[] }>;
};

/** One measured case of one run: `default`, or one load level. */
export type CaseMeasurement = {
  readonly name: string;
  readonly metrics: Record<string, number>;
  readonly processes: ProcessUsage[];
  readonly details?: Record<string, unknown>;
};

/** Thrown when a service the scenario needs does not do its part (yet); reported, not faked. */
export class ScenarioUnavailableError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'ScenarioUnavailableError';
  }
}

/**
 * A benchmark scenario: a small module registered in scenario-registry.ts. The runner repeats
 * it, meters the processes, takes medians and writes the results; the scenario only measures.
 */
export interface BenchScenario {
  /** Short id used on the command line: `--scenarios a,b`. */
  readonly id: string;
  readonly title: string;
  /** The metrics the summary table shows, in order. */
  readonly headline: readonly string[];
  /** Median ratios against another scenario measured in the same bench run. */
  readonly baselines?: readonly {
    readonly scenario: string;
    readonly case?: string;
    readonly metric: string;
  }[];
  readonly notes?: readonly string[];
  /** Why it cannot run here, or undefined when it can. Checked once before the first run. */
  unavailable(context: ScenarioContext): Promise<string | undefined>;
  run(context: ScenarioContext, run: number): Promise<CaseMeasurement[]>;
}

/**
 * CPU microseconds per event of every metered process, as metrics named
 * `cpuUsPerEvent.<process>`: what each part of the platform costs for one event.
 */
export function cpuPerEvent(
  processes: readonly { readonly name: string; readonly cpuMs: number }[],
  events: number,
): Record<string, number> {
  if (events <= 0) return {};
  return Object.fromEntries(
    processes.map((process) => [
      `cpuUsPerEvent.${process.name}`,
      Math.round((process.cpuMs * 1000 * 10) / events) / 10,
    ]),
  );
}
