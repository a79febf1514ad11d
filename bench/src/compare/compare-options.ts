import { CliArgumentError, parseFlags, positiveInteger, type FlagSpecs } from '../cli/cli-args';

/**
 * Bench flags used when --bench-args is not given: the settings of each target's current
 * figure, minus what makes a run long and is not a before/after figure (identity's per-event
 * baseline takes minutes a run on a busy machine).
 */
export const DEFAULT_BENCH_ARGS: Readonly<Record<string, readonly string[]>> = {
  'identity-resolution:bench': ['--skip-baseline'],
  'ingest:bench': ['--replicas', '1'],
};

export const COMPARE_FLAGS = {
  base: {
    type: 'string',
    placeholder: 'rev',
    description: 'the git revision measured against the working tree (a commit, tag or branch)',
  },
  target: {
    type: 'string',
    placeholder: 'project:target',
    description: `the bench target run on both sides, e.g. ${Object.keys(DEFAULT_BENCH_ARGS).join(' or ')}`,
  },
  runs: {
    type: 'string',
    placeholder: 'N',
    description: 'runs per side, alternating base and current; the figures are their medians',
    default: '3',
  },
  'bench-args': {
    type: 'string',
    placeholder: "'--flag value …'",
    description: `flags for every bench run, split on spaces (default per target: ${Object.entries(
      DEFAULT_BENCH_ARGS,
    )
      .map(([target, args]) => `${target} ${args.join(' ')}`)
      .join('; ')})`,
  },
  'keep-worktree': {
    type: 'boolean',
    description: 'leave the base revision checked out in its temporary worktree',
  },
  help: { type: 'boolean', description: 'show this help' },
} as const satisfies FlagSpecs;

export type CompareOptions = {
  readonly base: string;
  readonly project: string;
  readonly target: string;
  readonly runs: number;
  readonly benchArgs: readonly string[];
  readonly keepWorktree: boolean;
  readonly help: boolean;
};

export function parseCompareOptions(argv: readonly string[]): CompareOptions {
  const flags = parseFlags(argv, COMPARE_FLAGS);
  if (flags.help)
    return {
      base: '',
      project: '',
      target: '',
      runs: 1,
      benchArgs: [],
      keepWorktree: false,
      help: true,
    };
  if (flags.base === undefined || flags.base.trim() === '')
    throw new CliArgumentError('--base', 'required: the revision to compare with, e.g. 98d3a96');
  const [project, target, ...rest] = (flags.target ?? '').split(':');
  if (!project || !target || rest.length > 0 || !/^[a-z0-9-]+$/.test(`${project}${target}`))
    throw new CliArgumentError(
      '--target',
      `expected project:target, e.g. identity-resolution:bench, got ${JSON.stringify(flags.target ?? '')}`,
    );
  const benchArgs =
    flags['bench-args'] === undefined
      ? [...(DEFAULT_BENCH_ARGS[`${project}:${target}`] ?? [])]
      : flags['bench-args'].split(' ').filter((arg) => arg !== '');
  if (benchArgs.some((arg) => arg === '--runs' || arg.startsWith('--runs=')))
    throw new CliArgumentError(
      '--bench-args',
      'leave --runs out: every bench run is one run, and --runs sets how many per side',
    );
  return {
    base: flags.base.trim(),
    project,
    target,
    runs: positiveInteger('runs', flags.runs, 20),
    benchArgs,
    keepWorktree: flags['keep-worktree'],
    help: false,
  };
}
