import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderConfigTable, withConfigTable, type ConfigDefinition } from '@omni/config';

// `npx nx run <app>:config-docs`: writes the app's settings table into its README between the
// config-table markers, from the descriptions in apps/<app>/src/config/<name>-config.ts.
const project = process.argv[2];
if (!project) throw new Error('usage: config-docs <app>');
const root = join('apps', project);
const configDir = join(root, 'src', 'config');
const file = readdirSync(configDir).find((f) => /-config\.ts$/.test(f));
if (!file) throw new Error(`no *-config.ts in ${configDir}`);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const exported = require(join(process.cwd(), configDir, file)) as Record<string, unknown>;
const name = Object.keys(exported).find((key) => /Config$/.test(key));
if (!name) throw new Error(`${file} exports no *Config definition`);
const readmePath = join(root, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const updated = withConfigTable(readme, renderConfigTable(exported[name] as ConfigDefinition));
writeFileSync(readmePath, updated);
// Formatted as the repository's other Markdown is, so the table's diff shows only what changed.
execFileSync('npx', ['prettier', '--write', readmePath], { stdio: 'ignore' });
console.log(`${readmePath}: config table ${updated === readme ? 'already current' : 'updated'}`);
