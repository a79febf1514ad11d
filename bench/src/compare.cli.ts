// `npx nx run bench:compare -- --base <rev> --target <project>:<target> [--runs 3] [--bench-args '…']`:
// the same bench on an older revision and on the working tree, in one invocation. The base
// revision is checked out into a temporary git worktree (node_modules linked, not installed);
// then each side's own bench script runs once at a time, alternately (base, current, base,
// current, …), so drift on the machine hits both alike. Each run's result file is kept under
// bench/results/compare-<project>-<target>-<time>-runs/; the comparison, with both sides' runs,
// medians and current/base ratios, goes to bench/results/compare-<project>-<target>-<time>.json.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { round, writeBenchResult } from '@omni/testing';
import { usage } from './cli/cli-args';
import { runCli } from './cli/run-cli';
import { runFigures } from './compare/bench-metrics';
import { COMPARE_FLAGS, parseCompareOptions } from './compare/compare-options';
import { sideBySide, type SideRun } from './compare/compare-result';
import {
  checkoutBase,
  currentSide,
  runBenchOnce,
  targetCommand,
  type Side,
} from './compare/compare-sides';
import { repoRoot } from './platform/repo-root';

const log = (line: string) => process.stderr.write(`[compare] ${line}\n`);

async function main(): Promise<number> {
  const options = parseCompareOptions(process.argv.slice(2));
  if (options.help) {
    console.log(
      usage(
        'npx nx run bench:compare -- --base <rev> --target <project:target> [flags]',
        'Runs a bench on a base revision and on the working tree, alternately, in one invocation; writes bench/results/compare-<project>-<target>-<time>.json.',
        COMPARE_FLAGS,
      ),
    );
    return 0;
  }
  const root = repoRoot();
  const startedAt = new Date().toISOString();
  const name = `compare-${options.project}-${options.target}`;
  const keepDir = path.join(root, 'bench/results', `${name}-${startedAt.replace(/:/g, '-')}-runs`);
  const current = currentSide(root);
  const base = checkoutBase(root, options.base);
  const cleanUp = () => {
    if (options.keepWorktree) log(`base worktree kept at ${base.root}`);
    else base.remove();
  };
  const interrupted = () => {
    cleanUp();
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    log(
      `base ${options.base} = ${base.sha} in ${base.root}; current ${current.sha}${current.dirty ? ' (uncommitted changes)' : ''}`,
    );
    const sides: Side[] = [base, current];
    const commands = new Map(
      sides.map((side) => [side.name, targetCommand(side, options.project, options.target)]),
    );
    const measured = new Map<Side['name'], SideRun[]>([
      ['base', []],
      ['current', []],
    ]);
    const args = ['--runs', '1', ...options.benchArgs];
    for (let run = 1; run <= options.runs; run++) {
      for (const side of sides) {
        const file = await runBenchOnce(side, commands.get(side.name)!, args, run, keepDir);
        measured.get(side.name)!.push({
          ...runFigures(JSON.parse(readFileSync(file, 'utf8'))),
          details: { file: path.relative(root, file), sha: side.sha },
        });
      }
    }
    const {
      base: baseCase,
      current: currentCase,
      compared,
      comparisons,
      oneSided,
    } = sideBySide(measured.get('base')!, measured.get('current')!);
    const file = writeBenchResult(name, {
      startedAt,
      settings: {
        target: `${options.project}:${options.target}`,
        base: { rev: options.base, sha: base.sha },
        current: { sha: current.sha, dirty: current.dirty },
        runsPerSide: options.runs,
        benchArgs: args,
        order: 'alternating, base first: base, current, base, current, …',
        scripts: "each revision's own bench script and project.json command, unchanged",
      },
      scenarios: [
        {
          id: 'base',
          title: `${options.project}:${options.target} at ${base.sha} (${options.base})`,
          status: 'ok',
          headline: compared,
          cases: [baseCase],
          comparisons: [],
          notes: [`run files: ${path.relative(root, keepDir)}/<run>-base-*.json`],
        },
        {
          id: 'current',
          title: `${options.project}:${options.target} at ${current.sha}${current.dirty ? ' with uncommitted changes' : ''}`,
          status: 'ok',
          headline: compared,
          cases: [currentCase],
          comparisons,
          notes: [
            'ratio: the current median over the base median, both from this invocation; above 1 is better for events/s, below 1 for latency and CPU',
            ...(oneSided.length > 0
              ? [`measured on one side only, not compared: ${oneSided.join(', ')}`]
              : []),
          ],
        },
      ],
    });
    console.table(
      Object.fromEntries(
        compared.map((metric) => [
          metric,
          {
            [`base ${base.sha}`]: round(baseCase.medians[metric], 2),
            [`current ${current.sha}`]: round(currentCase.medians[metric], 2),
            'current / base': comparisons.find((c) => c.metric === metric)?.ratio ?? 'n/a',
          },
        ]),
      ),
    );
    log(`medians of ${options.runs} run(s) a side written to ${path.relative(root, file)}`);
    return 0;
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    cleanUp();
  }
}

runCli(main);
