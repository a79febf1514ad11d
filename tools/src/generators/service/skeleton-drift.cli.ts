// Prints, as JSON, every scaffolding file of a generator-made app that differs from what the
// generator makes now for its name: main, tracing, migrate, the service descriptor, the jest and
// TypeScript settings and the foundation tests stay the generator's, so a change to the
// generator reaches every app made with it. Runs as its own process: formatFiles loads Prettier with a dynamic
// import, which Jest's module sandbox does not allow.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { visitNotIgnoredFiles, workspaceRoot } from '@nx/devkit';
import { FsTree } from 'nx/src/generators/tree';
import { serviceGenerator } from './service.generator';

/** The apps the generator made. */
export const GENERATED_APPS: readonly string[] = ['pricing', 'promotions', 'crm', 'reporting'];

// Each app's README carries its own API and topics: only its generated parts are compared (the
// title, port and schema line, and the config-table markers).
const ownProse = new Set(['README.md']);

// The files a service grows from what the generator made: its Nx targets, modules, settings,
// migrations and TypeScript project references. Files the generator does not make (the
// service's own code and tests) are the service's too.
const grown = [
  /\/project\.json$/,
  /\/tsconfig\.json$/,
  /\/src\/app\.module\.ts$/,
  /\/src\/config\/[^/]+-config\.ts$/,
  /\/src\/migrations\/index\.ts$/,
];

type Drift = { file: string; problem: 'differs' | 'missing' };

function descriptorOf(app: string) {
  const source = fs.readFileSync(path.join(workspaceRoot, 'apps', app, 'src/service.ts'), 'utf8');
  const field = (name: string) => new RegExp(`\\b${name}:\\s*'((?:[^'\\\\]|\\\\.)*)'`).exec(source);
  const description = /\bdescription:\s*(['"])((?:(?!\1)[^\\]|\\.)*)\1/s.exec(source)?.[2];
  return {
    name: app,
    port: Number(/\bport:\s*(\d+)/.exec(source)?.[1]),
    schema: field('schema')?.[1] ?? '',
    description: description?.replace(/\\(.)/g, '$1'),
  };
}

function readmeHeader(readme: string): string[] {
  const lines = readme.split('\n');
  return [
    lines[0],
    ...lines.filter((line) => line.startsWith('Port **')),
    ...lines.filter((line) => line.startsWith('<!-- config-table:')),
  ];
}

async function driftOf(app: string): Promise<Drift[]> {
  const tree = new FsTree(workspaceRoot, false);
  const onDisk: string[] = [];
  visitNotIgnoredFiles(tree, `apps/${app}`, (file) => onDisk.push(file));
  for (const file of onDisk) tree.delete(file);
  await serviceGenerator(tree, descriptorOf(app));

  const generated: string[] = [];
  visitNotIgnoredFiles(tree, `apps/${app}`, (file) => generated.push(file));
  const drift: Drift[] = [];
  for (const file of generated.filter((name) => !grown.some((pattern) => pattern.test(name)))) {
    const diskPath = path.join(workspaceRoot, file);
    if (!fs.existsSync(diskPath)) {
      drift.push({ file, problem: 'missing' });
      continue;
    }
    const disk = fs.readFileSync(diskPath, 'utf8');
    const made = tree.read(file, 'utf-8') ?? '';
    const same = ownProse.has(path.basename(file))
      ? JSON.stringify(readmeHeader(disk)) === JSON.stringify(readmeHeader(made))
      : disk === made;
    if (!same) drift.push({ file, problem: 'differs' });
  }
  return drift;
}

async function main(): Promise<void> {
  const drift = (await Promise.all(GENERATED_APPS.map(driftOf))).flat();
  process.stdout.write(`${JSON.stringify(drift)}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
