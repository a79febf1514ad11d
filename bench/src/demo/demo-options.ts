import { randomInt } from 'node:crypto';
import {
  isoDate,
  nonNegativeInteger,
  parseFlags,
  positiveInteger,
  positiveNumber,
  type FlagSpecs,
} from '../cli/cli-args';

export const DEMO_FLAGS = {
  seconds: {
    type: 'string',
    placeholder: 'seconds',
    description: 'wall-clock seconds the streamed days are compressed into',
    default: '75',
  },
  days: {
    type: 'string',
    placeholder: 'N',
    description: 'simulated days streamed, ending with --date, so cohorts and trends have history',
    default: '14',
  },
  people: { type: 'string', placeholder: 'N', description: 'simulated shoppers', default: '1500' },
  date: {
    type: 'string',
    placeholder: 'YYYY-MM-DD',
    description:
      'the last simulated day (default: today, UTC, streamed up to now so alerts judge live hours)',
  },
  'warmup-days': {
    type: 'string',
    placeholder: 'N',
    description:
      'simulated days before the streamed ones, not streamed, so journeys are under way and orders come in',
    default: '6',
  },
  seed: {
    type: 'string',
    placeholder: 'N',
    description: 'simulator seed (default: random, printed)',
  },
  'skip-start': {
    type: 'boolean',
    description: 'do not start the platform when it is not running',
  },
  help: { type: 'boolean', description: 'show this help' },
} as const satisfies FlagSpecs;

export type DemoOptions = {
  readonly seconds: number;
  readonly days: number;
  readonly people: number;
  readonly date: string;
  readonly warmupDays: number;
  readonly seed: number;
  readonly skipStart: boolean;
  readonly help: boolean;
};

export function parseDemoOptions(
  argv: readonly string[],
  now = new Date(),
  randomSeed: () => number = () => randomInt(0, 2 ** 31),
): DemoOptions {
  const flags = parseFlags(argv, DEMO_FLAGS);
  return {
    seconds: positiveNumber('seconds', flags.seconds, 86_400),
    days: positiveInteger('days', flags.days, 366),
    people: positiveInteger('people', flags.people, 100_000),
    date: flags.date === undefined ? now.toISOString().slice(0, 10) : isoDate('date', flags.date),
    warmupDays: nonNegativeInteger('warmup-days', flags['warmup-days']),
    seed: flags.seed === undefined ? randomSeed() : nonNegativeInteger('seed', flags.seed),
    skipStart: flags['skip-start'],
    help: flags.help,
  };
}
