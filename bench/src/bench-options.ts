import { randomInt } from 'node:crypto';
import {
  CliArgumentError,
  listOf,
  nonNegativeInteger,
  numberList,
  parseFlags,
  positiveInteger,
  positiveNumber,
  type FlagSpecs,
} from './cli/cli-args';

export const MIN_RUNS = 3;

export const benchFlags = (scenarioIds: readonly string[]) =>
  ({
    scenarios: {
      type: 'string',
      placeholder: 'ids',
      description: 'comma-separated scenarios to run',
      default: scenarioIds.join(','),
    },
    runs: {
      type: 'string',
      placeholder: 'N',
      description: `runs per scenario; medians are reported (at least ${MIN_RUNS})`,
      default: String(MIN_RUNS),
    },
    tiny: { type: 'boolean', description: 'tiny sizes: seconds, not minutes (CI, smoke runs)' },
    seed: {
      type: 'string',
      placeholder: 'N',
      description: 'base simulator seed (default: random, recorded in the results)',
    },
    loads: {
      type: 'string',
      placeholder: 'ev/s,…',
      description: 'offered loads of the end-to-end and freshness scenarios, ascending',
    },
    'load-seconds': {
      type: 'string',
      placeholder: 'seconds',
      description: 'seconds per offered load of the end-to-end and freshness scenarios',
    },
    'results-dir': {
      type: 'string',
      placeholder: 'dir',
      description: 'where result files go',
      default: 'bench/results',
    },
    'skip-start': {
      type: 'boolean',
      description: 'do not start the platform when it is not running',
    },
    help: { type: 'boolean', description: 'show this help' },
  }) as const satisfies FlagSpecs;

export type BenchCliOptions = {
  readonly scenarios: string[];
  readonly runs: number;
  readonly tiny: boolean;
  readonly seed: number;
  readonly loads?: number[];
  readonly loadSeconds?: number;
  readonly resultsDir: string;
  readonly skipStart: boolean;
  readonly help: boolean;
};

export function parseBenchOptions(
  argv: readonly string[],
  scenarioIds: readonly string[],
  randomSeed: () => number = () => randomInt(0, 2 ** 31),
): BenchCliOptions {
  const flags = parseFlags(argv, benchFlags(scenarioIds));
  const runs = positiveInteger('runs', flags.runs, 100);
  if (runs < MIN_RUNS)
    throw new CliArgumentError(
      '--runs',
      `expected at least ${MIN_RUNS}: a median of fewer runs says little on a shared machine, got ${runs}`,
    );
  const loads = flags.loads === undefined ? undefined : numberList('loads', flags.loads);
  if (loads !== undefined && loads.some((load, i) => i > 0 && load <= loads[i - 1]))
    throw new CliArgumentError('--loads', `expected ascending loads, got ${flags.loads}`);
  return {
    scenarios: listOf('scenarios', flags.scenarios, scenarioIds),
    runs,
    tiny: flags.tiny,
    seed: flags.seed === undefined ? randomSeed() : nonNegativeInteger('seed', flags.seed),
    ...(loads === undefined ? {} : { loads }),
    ...(flags['load-seconds'] === undefined
      ? {}
      : { loadSeconds: positiveNumber('load-seconds', flags['load-seconds'], 3_600) }),
    resultsDir: flags['results-dir'],
    skipStart: flags['skip-start'],
    help: flags.help,
  };
}
