import { execFileSync, spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CliArgumentError } from '../cli/cli-args';

/** One tree whose bench is run: the base revision's temporary worktree, or the working tree. */
export type Side = {
  readonly name: 'base' | 'current';
  readonly root: string;
  /** Short commit id; the current side is marked dirty when it has uncommitted changes. */
  readonly sha: string;
  readonly dirty: boolean;
};

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

export function currentSide(root: string): Side {
  return {
    name: 'current',
    root,
    sha: git(root, 'rev-parse', '--short', 'HEAD'),
    dirty: git(root, 'status', '--porcelain', '--untracked-files=no') !== '',
  };
}

/**
 * Checks `rev` out into a new detached git worktree under the system's temp folder, with the
 * working tree's node_modules linked in (the same install, never a second one). `remove`
 * deletes the worktree and its git bookkeeping.
 */
export function checkoutBase(root: string, rev: string): Side & { remove(): void } {
  let sha: string;
  try {
    sha = git(root, 'rev-parse', '--verify', '--short', `${rev}^{commit}`);
  } catch {
    throw new CliArgumentError(
      '--base',
      `${JSON.stringify(rev)} is not a commit of this repository`,
    );
  }
  const dir = path.join(tmpdir(), `omni-compare-${sha}-${process.pid}-${Date.now()}`);
  git(root, 'worktree', 'add', '--detach', dir, sha);
  const remove = () => {
    try {
      git(root, 'worktree', 'remove', '--force', dir);
    } catch {
      rmSync(dir, { recursive: true, force: true });
      git(root, 'worktree', 'prune');
    }
  };
  try {
    symlinkSync(
      realpathSync(path.join(root, 'node_modules')),
      path.join(dir, 'node_modules'),
      'dir',
    );
  } catch (error) {
    remove();
    throw error;
  }
  return { name: 'base', root: dir, sha, dirty: false, remove };
}

/** The shell command of an nx:run-commands target, as the side's project.json declares it. */
export function targetCommand(side: Side, project: string, target: string): string {
  const file = [`apps/${project}`, `libs/${project}`, project]
    .map((dir) => path.join(side.root, dir, 'project.json'))
    .find((candidate) => existsSync(candidate));
  if (file === undefined) throw new Error(`${side.name} (${side.sha}) has no project ${project}`);
  const definition = JSON.parse(readFileSync(file, 'utf8')) as {
    name?: string;
    targets?: Record<string, { executor?: string; options?: { command?: string } }>;
  };
  const command = definition.targets?.[target]?.options?.command;
  if (definition.name !== project || typeof command !== 'string')
    throw new Error(
      `${side.name} (${side.sha}): ${path.relative(side.root, file)} has no ${target} target with a command`,
    );
  return command;
}

const quote = (arg: string) =>
  /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;

const resultFiles = (root: string) => {
  const dir = path.join(root, 'bench/results');
  return new Set(existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.json')) : []);
};

/**
 * Runs the bench command once in the side's tree (its output prefixed with the side's name)
 * and moves the result file it wrote into `keepDir` as `<run>-<side>-<file>`; returns the
 * moved file's path.
 */
export async function runBenchOnce(
  side: Side,
  command: string,
  args: readonly string[],
  run: number,
  keepDir: string,
): Promise<string> {
  const before = resultFiles(side.root);
  const line = `${command} ${args.map(quote).join(' ')}`;
  process.stderr.write(`[compare] run ${run} ${side.name} (${side.sha}): ${line}\n`);
  const child = spawn('bash', ['-c', line], {
    cwd: side.root,
    env: { ...process.env, NX_DAEMON: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = (chunk: Buffer) =>
    chunk
      .toString('utf8')
      .split('\n')
      .filter((text) => text !== '')
      .map((text) => `[${side.name}] ${text}\n`)
      .join('');
  child.stdout.on('data', (chunk: Buffer) => process.stderr.write(prefix(chunk)));
  child.stderr.on('data', (chunk: Buffer) => process.stderr.write(prefix(chunk)));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0)
    throw new Error(`run ${run} of the ${side.name} bench (${side.sha}) exited with ${code}`);
  const written = [...resultFiles(side.root)].filter((name) => !before.has(name));
  if (written.length !== 1)
    throw new Error(
      `run ${run} of the ${side.name} bench (${side.sha}) wrote ${written.length} result files in bench/results/, expected one`,
    );
  mkdirSync(keepDir, { recursive: true });
  const kept = path.join(keepDir, `${run}-${side.name}-${written[0]}`);
  // Copied, then removed: the base's worktree is usually on another file system.
  const source = path.join(side.root, 'bench/results', written[0]);
  copyFileSync(source, kept);
  rmSync(source);
  return kept;
}
