import { listOf, parseFlags, positiveInteger, type FlagSpecs } from '../cli/cli-args';

export const RESTART_SERVICES = ['ingest', 'identity-resolution'] as const;
export type RestartService = (typeof RESTART_SERVICES)[number];

export const RESTART_FLAGS = {
  runs: {
    type: 'string',
    placeholder: 'N',
    description: 'kill -9 and SIGTERM restarts per service; the summary is their median',
    default: '3',
  },
  services: {
    type: 'string',
    placeholder: 'a,b',
    description: `services to restart, of ${RESTART_SERVICES.join(', ')}`,
    default: RESTART_SERVICES.join(','),
  },
  build: {
    type: 'boolean',
    description: 'build each service first and run dist/apps/<service>/main.js, as ops do',
  },
  help: { type: 'boolean', description: 'show this help' },
} as const satisfies FlagSpecs;

export type RestartOptions = {
  readonly runs: number;
  readonly services: RestartService[];
  readonly build: boolean;
  readonly help: boolean;
};

export function parseRestartOptions(argv: readonly string[]): RestartOptions {
  const flags = parseFlags(argv, RESTART_FLAGS);
  return {
    runs: positiveInteger('runs', flags.runs, 50),
    services: listOf('services', flags.services, RESTART_SERVICES),
    build: flags.build,
    help: flags.help,
  };
}
