import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// The kit's data-access rule: a statement is written only in a feature's repository (or a
// migration), never in a controller or a service, so a reader finds every statement on a table
// where its feature keeps them.

const root = path.resolve(__dirname, '../../..');

/** Modules that speak SQL without being repositories, each with the reason. */
const ALLOWED: Record<string, string> = {
  'apps/identity-resolution/src/resolution/graph-locks.ts':
    'the identity lock protocol: advisory locks, taken in the resolution repository’s transaction',
};

const STATEMENT =
  /`[^`]*\b(SELECT\s[\s\S]*?\bFROM|INSERT\s+INTO|DELETE\s+FROM|UPDATE\s+\w+\s[\s\S]*?\bSET)\b/;

function sourcesOf(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'migrations' ? [] : sourcesOf(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [full] : [];
  });
}

const appSources = readdirSync(path.join(root, 'apps')).flatMap((app) =>
  sourcesOf(path.join(root, 'apps', app, 'src')).map((file) => path.relative(root, file)),
);

describe('data access', () => {
  it('finds the apps’ sources', () => {
    expect(appSources.filter((file) => file.endsWith('.repository.ts')).length).toBeGreaterThan(20);
  });

  it('writes SQL statements only in repositories, migrations and the allowed modules', () => {
    const offenders = appSources.filter(
      (file) =>
        !file.endsWith('.repository.ts') &&
        ALLOWED[file] === undefined &&
        STATEMENT.test(readFileSync(path.join(root, file), 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  it('notices a statement outside a repository', () => {
    expect(STATEMENT.test('await tx.query(`SELECT 1 FROM t WHERE x = $1`)')).toBe(true);
    expect(STATEMENT.test('await tx.query(`DELETE FROM t`)')).toBe(true);
    expect(STATEMENT.test("const SELECT = '/v1/prices/select';")).toBe(false);
  });

  it('allows only modules that still exist and still speak SQL', () => {
    for (const file of Object.keys(ALLOWED))
      expect(STATEMENT.test(readFileSync(path.join(root, file), 'utf8'))).toBe(true);
  });
});
