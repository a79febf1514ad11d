import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');

describe('generator-made apps', () => {
  it('keep the scaffolding the service generator makes for them today', () => {
    const output = execFileSync(
      process.execPath,
      ['-r', './tools/ts-register.cjs', 'tools/src/generators/service/skeleton-drift.cli.ts'],
      { cwd: root, encoding: 'utf8' },
    );
    expect(JSON.parse(output)).toEqual([]);
  });
});
