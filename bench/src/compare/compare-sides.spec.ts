import { execFileSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkoutBase, currentSide, runBenchOnce, targetCommand } from './compare-sides';

/** A repository of two commits whose demo bench writes which revision ran it and its flags. */
function demoRepository(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'compare-sides-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'ignore' });
  const bench = (revision: string) =>
    writeFileSync(
      path.join(root, 'write-result.js'),
      `require('node:fs').mkdirSync('bench/results', { recursive: true });
       require('node:fs').writeFileSync('bench/results/demo-' + Date.now() + '.json',
         JSON.stringify({ revision: '${revision}', args: process.argv.slice(2) }));
       if (process.argv.includes('--fail')) process.exit(3);`,
    );
  git('init', '-q');
  git('config', 'user.email', 'bench@example.com');
  git('config', 'user.name', 'bench');
  mkdirSync(path.join(root, 'apps/demo'), { recursive: true });
  writeFileSync(
    path.join(root, 'apps/demo/project.json'),
    JSON.stringify({
      name: 'demo',
      targets: {
        bench: { executor: 'nx:run-commands', options: { command: 'node write-result.js' } },
      },
    }),
  );
  writeFileSync(path.join(root, '.gitignore'), 'node_modules\nbench/results\n');
  mkdirSync(path.join(root, 'node_modules'));
  bench('old');
  git('add', '.');
  git('commit', '-q', '-m', 'old');
  bench('new');
  git('commit', '-q', '-am', 'new');
  return root;
}

const worktrees = (root: string) =>
  execFileSync('git', ['worktree', 'list'], { cwd: root, encoding: 'utf8' }).trim().split('\n');

describe('the two sides of a comparison', () => {
  let root: string;
  beforeAll(() => {
    root = demoRepository();
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('runs the base revision’s own bench in a temporary worktree, then removes it', async () => {
    const base = checkoutBase(root, 'HEAD~1');
    const keep = path.join(root, 'kept');
    try {
      expect(lstatSync(path.join(base.root, 'node_modules')).isSymbolicLink()).toBe(true);
      const command = targetCommand(base, 'demo', 'bench');
      expect(command).toBe('node write-result.js');
      const file = await runBenchOnce(base, command, ['--runs', '1', "it's a b"], 1, keep);
      expect(path.basename(file)).toMatch(/^1-base-demo-\d+\.json$/);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
        revision: 'old',
        args: ['--runs', '1', "it's a b"],
      });
      const current = currentSide(root);
      const own = await runBenchOnce(current, command, [], 1, keep);
      expect(JSON.parse(readFileSync(own, 'utf8')).revision).toBe('new');
      expect(existsSync(path.join(root, 'bench/results', path.basename(own).slice(10)))).toBe(
        false,
      );
    } finally {
      base.remove();
    }
    expect(existsSync(base.root)).toBe(false);
    expect(worktrees(root)).toHaveLength(1);
  });

  it('stops on a bench that fails, naming the side and the run', async () => {
    const current = currentSide(root);
    await expect(
      runBenchOnce(current, 'node write-result.js', ['--fail'], 2, path.join(root, 'kept')),
    ).rejects.toThrow(/run 2 of the current bench .* exited with 3/);
  });

  it('refuses a revision that is not a commit and a target the project lacks', () => {
    expect(() => checkoutBase(root, 'no-such-revision')).toThrow(/^--base:/);
    expect(() => targetCommand(currentSide(root), 'demo', 'serve')).toThrow(/has no serve target/);
    expect(() => targetCommand(currentSide(root), 'pricing', 'bench')).toThrow(
      /has no project pricing/,
    );
    expect(worktrees(root)).toHaveLength(1);
  });
});
