import { randomInt } from 'node:crypto';
import {
  CliArgumentError,
  isoDate,
  nonNegativeInteger,
  oneOf,
  parseFlags,
  positiveInteger,
  positiveNumber,
  type FlagSpecs,
} from '../cli/cli-args';
import { VIAS, type Via } from './event-sender';
import { LOAD_SCENARIO_NAMES, type LoadScenarioName } from './load-scenarios';

export const LOAD_FLAGS = {
  rate: {
    type: 'string',
    placeholder: 'events/s',
    description: 'events offered per second',
    default: '100',
  },
  duration: {
    type: 'string',
    placeholder: 'seconds',
    description: 'how long to send',
    default: '30',
  },
  scenario: {
    type: 'string',
    placeholder: 'name',
    description: `traffic: ${LOAD_SCENARIO_NAMES.join(', ')}`,
    default: 'omnichannel',
  },
  via: {
    type: 'string',
    placeholder: 'http|kafka',
    description: 'HTTP through the connector SDK, or straight to ingest.raw.v1',
    default: 'http',
  },
  seed: {
    type: 'string',
    placeholder: 'N',
    description: 'simulator seed (default: random, printed)',
  },
  people: {
    type: 'string',
    placeholder: 'N',
    description: 'simulated population per seed',
    default: '2000',
  },
  days: { type: 'string', placeholder: 'N', description: 'simulated days per seed', default: '30' },
  'start-date': {
    type: 'string',
    placeholder: 'YYYY-MM-DD',
    description: 'first simulated day (default: days before today)',
  },
  batch: {
    type: 'string',
    placeholder: 'N',
    description: 'events per request or Kafka send (ingest takes up to 1000)',
    default: '100',
  },
  'max-in-flight': {
    type: 'string',
    placeholder: 'events',
    description: 'events sent but not yet answered, at most',
    default: '1600',
  },
  help: { type: 'boolean', description: 'show this help' },
} as const satisfies FlagSpecs;

export type LoadOptions = {
  readonly rate: number;
  readonly durationSeconds: number;
  readonly scenario: LoadScenarioName;
  readonly via: Via;
  readonly seed: number;
  readonly people: number;
  readonly days: number;
  readonly startDate?: string;
  readonly batch: number;
  readonly maxInFlight: number;
  readonly help: boolean;
};

export function parseLoadOptions(
  argv: readonly string[],
  randomSeed: () => number = () => randomInt(0, 2 ** 31),
): LoadOptions {
  const flags = parseFlags(argv, LOAD_FLAGS);
  const batch = positiveInteger('batch', flags.batch, 1_000);
  const maxInFlight = positiveInteger('max-in-flight', flags['max-in-flight']);
  if (maxInFlight < batch)
    throw new CliArgumentError(
      '--max-in-flight',
      `must be at least --batch (${batch}), got ${maxInFlight}`,
    );
  return {
    rate: positiveNumber('rate', flags.rate, 1_000_000),
    durationSeconds: positiveNumber('duration', flags.duration, 86_400),
    scenario: oneOf('scenario', flags.scenario, LOAD_SCENARIO_NAMES),
    via: oneOf('via', flags.via, VIAS),
    seed: flags.seed === undefined ? randomSeed() : nonNegativeInteger('seed', flags.seed),
    people: positiveInteger('people', flags.people, 1_000_000),
    days: positiveInteger('days', flags.days, 365),
    ...(flags['start-date'] === undefined
      ? {}
      : { startDate: isoDate('start-date', flags['start-date']) }),
    batch,
    maxInFlight,
    help: flags.help,
  };
}
